package dev.usher.store;

import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class DurabilityTest extends ServerTest {

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void a_backup_is_a_consistent_copy_made_while_kiosks_keep_scanning() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            codes.add(server.register("Guest " + i, "guest" + i + "@example.com").get("code").asText());
        }
        AtomicInteger admitted = new AtomicInteger();
        Thread door = new Thread(() -> codes.forEach(c -> {
            if (server.checkIn(c, TestServer.ADMIN_TOKEN).status() == 201) {
                admitted.incrementAndGet();
            }
        }));
        door.start();
        while (admitted.get() < 20) {
            Thread.sleep(5);
        }
        TestServer.Response backup = server.post("/api/backups", "", TestServer.ADMIN_TOKEN);
        int admittedAfterBackup = admitted.get();
        door.join();

        assertThat(backup.status()).isEqualTo(201);
        Path file = Path.of(backup.json().get("file").asText());
        assertThat(file).startsWith(data.resolve("backups").toAbsolutePath());
        assertThat(Files.size(file)).isEqualTo(backup.json().get("bytes").asLong());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            assertThat(count(c, "SELECT count(*) FROM tickets")).isEqualTo(150);
            long entries = count(c, "SELECT count(*) FROM checkins");
            assertThat(entries).isBetween(20L, (long) admittedAfterBackup + 1);
            // Consistent: every check-in in the copy has its audit row, as in one transaction.
            assertThat(count(c, "SELECT count(*) FROM checkins k WHERE NOT EXISTS (SELECT 1 FROM scans s WHERE s.checkin_id = k.id)")).isZero();
        }
        assertThat(admitted.get()).as("scanning went on during the backup").isEqualTo(150);
    }

    @Test
    void backups_need_the_admin_token() {
        String kiosk = server.createKiosk("Door A").get("token").asText();
        assertThat(server.post("/api/backups", "", kiosk).status()).isEqualTo(403);
        assertThat(server.post("/api/backups", "", null).status()).isEqualTo(401);
    }

    @Test
    void a_locked_database_answers_503_promptly_and_recovers_when_the_lock_goes() throws Exception {
        server.register("Before", "before@example.com");
        try (Connection intruder = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("usher.db"))) {
            try (Statement s = intruder.createStatement()) {
                s.execute("PRAGMA busy_timeout=0");
                s.execute("BEGIN EXCLUSIVE");
            }
            long start = System.nanoTime();
            TestServer.Response blocked = server.post("/api/tickets", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}", TestServer.ADMIN_TOKEN);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertError(blocked, 503, "store_unavailable");
            assertThat(seconds).as("answered instead of hanging").isLessThan(12);
            // Reads go on: WAL readers are not blocked by a writer's lock.
            assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isEqualTo(1);
            try (Statement s = intruder.createStatement()) {
                s.execute("ROLLBACK");
            }
        }
        TestServer.Response after = server.post("/api/tickets", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}", TestServer.ADMIN_TOKEN);
        assertThat(after.status()).isEqualTo(201);
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isEqualTo(2);
    }
}
