package dev.usher.bench;

import dev.usher.Usher;
import dev.usher.store.Database;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Where the db writer's CPU per check-in goes, statement by statement: the door's own statements
 * (the nonce look-up, the code and latest-state read, the check-in insert, the scan audit insert,
 * as {@code CheckInStore} has them; kept in step by hand) replayed on one thread, on the server's
 * own database file after a real import, with the writer's pragmas, {@code batch} scans to a
 * transaction. Each part is that thread's CPU time around it, per check-in; the JNI floor is a
 * {@code SELECT 1} through the same driver.
 * Usage: java -cp ... dev.usher.bench.DoorStatementCosts [tickets] [batch]
 */
public final class DoorStatementCosts {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path data = Files.createTempDirectory("door-statements");
        Usher usher = DirectWriterProbe.imported(data, tickets);
        usher.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE))) {
            try (Statement s = c.createStatement()) {
                for (String pragma : List.of("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "temp_store=MEMORY", "wal_autocheckpoint=0")) {
                    s.execute("PRAGMA " + pragma);
                }
            }
            List<byte[]> serials = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT serial FROM ticket_codes")) {
                while (rs.next()) {
                    serials.add(rs.getBytes(1));
                }
            }
            Collections.shuffle(serials, new Random(1));
            System.out.printf("JNI floor: SELECT 1 costs %.1f µs of CPU%n", selectOne(c));
            Replay replay = new Replay(c);
            int warm = serials.size() / 3;
            replay.run(serials.subList(0, warm), batch);
            long[] parts = replay.run(serials.subList(warm, serials.size()), batch);
            int n = serials.size() - warm;
            System.out.printf("%,d check-ins, %d to a transaction: %.1f µs of CPU each: begin/commit statements %.1f, nonce look-up %.1f,"
                            + " code and latest state %.1f, check-in insert %.1f, scan insert %.1f, COMMIT %.1f, checkpoints %.1f%n",
                    n, batch, (parts[0] + parts[1] + parts[2] + parts[3] + parts[4] + parts[5] + parts[6]) / 1e3 / n,
                    parts[0] / 1e3 / n, parts[1] / 1e3 / n, parts[2] / 1e3 / n, parts[3] / 1e3 / n, parts[4] / 1e3 / n, parts[5] / 1e3 / n,
                    parts[6] / 1e3 / n);
        }
        System.exit(0); // the import's HTTP client leaves threads behind
    }

    private static double selectOne(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            long cpu = 0;
            for (int round = 0; round < 3; round++) {
                long t = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < 50_000; i++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
                cpu = MX.getCurrentThreadCpuTime() - t;
            }
            return cpu / 1e3 / 50_000;
        }
    }

    /** The door's statements on one connection, prepared once, as the writer keeps them. */
    private static final class Replay {
        private final PreparedStatement begin;
        private final PreparedStatement commit;
        private final PreparedStatement nonce;
        private final PreparedStatement door;
        private final PreparedStatement checkin;
        private final PreparedStatement scan;
        private final Connection c;

        Replay(Connection c) throws SQLException {
            this.c = c;
            begin = c.prepareStatement("BEGIN IMMEDIATE");
            commit = c.prepareStatement("COMMIT");
            nonce = c.prepareStatement("""
                    SELECT at, client_at, device_id, device_name, list_id, type, code_hash, reason, conflict, ticket_id, checkin_id, nonce
                    FROM scans WHERE device_id = ? AND nonce = ?""");
            door = c.prepareStatement("""
                    SELECT t.id AS ticket_id, t.name, k.signature, k.revoked_at, t.cancelled_at,
                           ch.id, ch.at, ch.device_id, ch.device_name, ch.type, ch.round
                    FROM ticket_codes k JOIN tickets t ON t.id = k.ticket_id
                    LEFT JOIN checkins ch ON ch.id = (
                        SELECT id FROM checkins WHERE ticket_id = t.id AND list_id = ? AND annulled_at IS NULL
                        ORDER BY round DESC, type DESC LIMIT 1) WHERE k.serial = ?""");
            checkin = c.prepareStatement("""
                    INSERT INTO checkins (ticket_id, list_id, type, round, at, client_at, device_id, device_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""");
            scan = c.prepareStatement("""
                    INSERT INTO scans (at, device_id, device_name, list_id, type, code_hash, status, reason, ticket_id, checkin_id, nonce,
                                       conflict, client_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        }

        /** CPU nanoseconds: begin, nonce, door, check-in, scan, commit, checkpoint. */
        long[] run(List<byte[]> serials, int batch) throws SQLException {
            long[] parts = new long[7];
            int transactions = 0;
            for (int i = 0; i < serials.size(); ) {
                long t = MX.getCurrentThreadCpuTime();
                begin.execute();
                parts[0] += MX.getCurrentThreadCpuTime() - t;
                for (int j = 0; j < batch && i < serials.size(); j++, i++) {
                    scanOne(serials.get(i), "kiosk-" + (i % 64), parts);
                }
                t = MX.getCurrentThreadCpuTime();
                commit.execute();
                parts[5] += MX.getCurrentThreadCpuTime() - t;
                if (++transactions % 200 == 0) {
                    t = MX.getCurrentThreadCpuTime();
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    }
                    parts[6] += MX.getCurrentThreadCpuTime() - t;
                }
            }
            return parts;
        }

        private void scanOne(byte[] serial, String device, long[] parts) throws SQLException {
            String nonceText = UUID.randomUUID().toString();
            long t = MX.getCurrentThreadCpuTime();
            nonce.setString(1, device);
            nonce.setString(2, nonceText);
            try (ResultSet rs = nonce.executeQuery()) {
                rs.next();
            }
            long t1 = MX.getCurrentThreadCpuTime();
            parts[1] += t1 - t;
            String ticketId;
            door.setString(1, "main");
            door.setBytes(2, serial);
            try (ResultSet rs = door.executeQuery()) {
                rs.next();
                ticketId = rs.getString("ticket_id");
                rs.getString("name");
                rs.getBytes("signature");
                rs.getLong("id");
            }
            long t2 = MX.getCurrentThreadCpuTime();
            parts[2] += t2 - t1;
            long now = System.currentTimeMillis();
            checkin.setString(1, ticketId);
            checkin.setString(2, "main");
            checkin.setString(3, "entry");
            checkin.setInt(4, 0);
            checkin.setLong(5, now);
            checkin.setNull(6, Types.BIGINT);
            checkin.setString(7, device);
            checkin.setString(8, "Door " + device);
            long id;
            try (ResultSet rs = checkin.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            long t3 = MX.getCurrentThreadCpuTime();
            parts[3] += t3 - t2;
            scan.setLong(1, now);
            scan.setString(2, device);
            scan.setString(3, "Door " + device);
            scan.setString(4, "main");
            scan.setString(5, "entry");
            scan.setString(6, "hash-" + nonceText);
            scan.setString(7, "ok");
            scan.setNull(8, Types.VARCHAR);
            scan.setString(9, ticketId);
            scan.setLong(10, id);
            scan.setString(11, nonceText);
            scan.setInt(12, 0);
            scan.setNull(13, Types.BIGINT);
            scan.executeUpdate();
            parts[4] += MX.getCurrentThreadCpuTime() - t3;
        }
    }
}
