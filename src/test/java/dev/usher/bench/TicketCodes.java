package dev.usher.bench;

import dev.usher.ticket.TicketCode;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.usher.bench.PerfRun.require;

/**
 * The codes of all current tickets, for check-ins and QR images that each name a different ticket,
 * read straight from the data folder's SQLite file (WAL lets another process read while the server
 * writes) and spelled as the README documents them: Base32(version 1 ‖ 12-byte serial ‖ 64-byte
 * Ed25519 signature). The API has no bulk export of codes (a code is the ticket), and the import
 * report names no ticket ids, so this is the one quick way to 100,000 distinct codes;
 * {@link #checkThroughApi} proves the spelling through the API.
 *
 * @param sse one code per SSE row, for the check-in its clients wait for
 * @param doors the codes the doors-open kiosks scan, one each
 * @param load all the others: the check-ins (after their warm-up) and the QR images
 * @param checkIns the codes of the measured check-ins, also in {@code checkInFile}
 * @param warmUpFile the codes the check-in warm-up scans (it cycles through them if it outruns them)
 */
record TicketCodes(List<String> sse, List<String> doors, List<String> load, List<String> checkIns, Path warmUpFile, Path checkInFile) {

    /** Reads the codes and writes the files the check-in script reads into {@code work}. */
    static TicketCodes read(Path db, PerfPlan plan, Path work, RunLog log) throws SQLException, IOException {
        List<String> codes = new ArrayList<>();
        try (Connection c = readOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT serial, signature FROM ticket_codes WHERE revoked_at IS NULL")) {
            while (rs.next()) {
                // Spelled by the server's own TicketCode, so the bench follows any change of format.
                codes.add(new TicketCode(rs.getBytes(1), rs.getBytes(2)).text());
            }
        }
        require(codes.size() >= plan.guests(), "found " + codes.size() + " ticket codes in the database, expected " + plan.guests());
        log.line("ticket codes: %,d read from the data folder's usher.db (read-only), each checked in/used at most once below", codes.size());
        int sse = plan.sseClients().size();
        int reserved = sse + plan.doorCodes();
        List<String> load = codes.subList(reserved, codes.size());
        // The check-in warm-up has codes of its own, enough that it admits for all of its 3 s (with
        // 2,000 it met "already checked in" after the first second, so the JIT was still compiling
        // the admitting path, the checkins insert among it, during the measured run); the measured
        // run gets all the others.
        int warmUpCodes = Math.min(12_000, load.size() / 8);
        Path warmUpFile = work.resolve("codes-warm-up.txt");
        Files.write(warmUpFile, load.subList(0, warmUpCodes));
        List<String> checkIns = load.subList(warmUpCodes, load.size());
        Path checkInFile = work.resolve("codes.txt");
        Files.write(checkInFile, checkIns);
        return new TicketCodes(codes.subList(0, sse), codes.subList(sse, reserved), load, checkIns, warmUpFile, checkInFile);
    }

    /** Three of the codes through {@code GET /t/{code}/ticket.json}: a change of format stops the run here. */
    void checkThroughApi(Http http, ServerProcess server) throws IOException {
        for (String code : List.of(load.get(0), load.get(load.size() / 2), load.get(load.size() - 1))) {
            Http.Answer a = http.get(server.baseUrl() + "/t/" + code + "/ticket.json", null, Duration.ofSeconds(10));
            require(a.status() == 200 && a.body().contains("\"valid\""),
                    "a code read from the database is not valid through the API (has the code format changed?): " + a.status() + " " + a.body());
        }
    }

    /** How many tickets the data folder holds (the start-up row names it). */
    static long countTickets(Path db) throws SQLException {
        try (Connection c = readOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM tickets")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Connection readOnly(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
    }
}
