package dev.usher.device;

import dev.usher.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server holds of the door, read from the arrivals spreadsheet as staff would. */
final class Arrivals {
    private Arrivals() {
    }

    /** Name -> the times of its check-ins (entries and exits, as the spreadsheet lists them). */
    static Map<String, List<Instant>> byName(TestServer server) {
        TestServer.Response r = server.get("/api/checkins.csv", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).isEqualTo(200);
        Map<String, List<Instant>> byName = new HashMap<>();
        try {
            String csv = r.body().startsWith("\uFEFF") ? r.body().substring(1) : r.body();
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(csv))) {
                byName.computeIfAbsent(row.get("name"), n -> new ArrayList<>()).add(OffsetDateTime.parse(row.get("at")).toInstant());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return byName;
    }
}
