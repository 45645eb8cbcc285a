package dev.usher.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The two spreadsheets, read back as Excel and commons-csv read them. */
class ExportTest extends ServerTest {
    private static final ZoneId EVENT_ZONE = ZoneId.of("America/Los_Angeles");
    private static final String TALK = "how-workers-work";

    private final ObjectMapper json = new ObjectMapper();
    private String kiosk;

    @BeforeEach
    void door() {
        kiosk = server.createKiosk("Door A").get("token").asText();
    }

    /** A CSV with its header, after checking it is UTF-8 with a byte order mark. */
    record Sheet(List<String> header, List<CSVRecord> rows) {
    }

    private Sheet download(String path) throws IOException {
        TestServer.Response r = server.get(path, ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv").contains("utf-8");
        byte[] bytes = r.raw().body();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            return new Sheet(parser.getHeaderNames(), parser.getRecords());
        }
    }

    private JsonNode issue(String name, String email, String fieldsJson) {
        String body = "{\"name\":" + json.valueToTree(name) + ",\"email\":\"" + email + "\",\"fields\":" + fieldsJson + "}";
        TestServer.Response r = server.post("/api/tickets", body, ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("ticket");
    }

    private TestServer.Response scan(String code, String list, String type) {
        return server.post("/api/checkins", json.createObjectNode().put("code", code).put("list", list).put("type", type).toString(), kiosk);
    }

    /** An export time: the event's local time with its offset, to the second, close to now. */
    private static void assertEventTime(String cell) {
        OffsetDateTime t = OffsetDateTime.parse(cell);
        Instant at = t.toInstant();
        assertThat(t.getOffset()).isEqualTo(EVENT_ZONE.getRules().getOffset(at));
        assertThat(cell).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
        assertThat(Duration.between(at, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void checkins_csv_has_event_times_list_names_annul_reasons_and_fields() throws IOException {
        JsonNode zoe = issue("Zoë Ødegård", "zoe@example.no", "{\"company\":\"Ørsted\",\"diet\":\"vegan\"}");
        JsonNode evil = issue("=HYPERLINK(\"http://evil.example\",\"click\")", "evil@example.com", "{\"company\":\"+cmd|' /C calc'!A0\"}");
        String zoeCode = zoe.get("code").asText();
        assertThat(scan(zoeCode, "main", "entry").status()).isEqualTo(201);
        assertThat(scan(zoeCode, TALK, "entry").status()).isEqualTo(201);
        assertThat(scan(zoeCode, TALK, "exit").status()).isEqualTo(201);
        long mistaken = scan(evil.get("code").asText(), "main", "entry").json().get("checkinId").asLong();
        server.post("/api/checkins/" + mistaken + "/annul", "{\"reason\":\"scanned the wrong person\"}", ADMIN_TOKEN);

        Sheet sheet = download("/api/checkins.csv");

        assertThat(sheet.header()).containsExactly("checkin_id", "ticket_id", "name", "email", "list", "list_name", "type", "at",
                "kiosk", "annulled_at", "annulled_by", "annul_reason", "company", "diet");
        assertThat(sheet.rows()).hasSize(4);
        CSVRecord entry = sheet.rows().get(0);
        assertThat(entry.get("name")).isEqualTo("Zoë Ødegård");
        assertThat(entry.get("list")).isEqualTo("main");
        assertThat(entry.get("list_name")).isEqualTo("Main door");
        assertThat(entry.get("kiosk")).isEqualTo("Door A");
        assertThat(entry.get("company")).isEqualTo("Ørsted");
        assertThat(entry.get("diet")).isEqualTo("vegan");
        assertThat(entry.get("annulled_at")).isEmpty();
        assertEventTime(entry.get("at"));
        assertThat(sheet.rows().get(1).get("list_name")).isEqualTo("How Workers Work");
        assertThat(sheet.rows().get(2).get("type")).isEqualTo("exit");

        CSVRecord annulled = sheet.rows().get(3);
        assertThat(annulled.get("checkin_id")).isEqualTo(Long.toString(mistaken));
        assertThat(annulled.get("name")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
        assertThat(annulled.get("company")).startsWith("'+");
        assertEventTime(annulled.get("annulled_at"));
        assertThat(annulled.get("annulled_by")).isNotBlank();
        assertThat(annulled.get("annul_reason")).isEqualTo("scanned the wrong person");
        assertThat(annulled.get("diet")).isEmpty();
    }

    @Test
    void attendees_csv_has_fields_links_registration_cancellation_and_first_arrival_per_list() throws IOException {
        JsonNode zoe = issue("Zoë Ødegård", "zoe@example.no", "{\"company\":\"Ørsted\",\"name\":\"nickname Z\"}");
        JsonNode grace = issue("Grace Hopper", "grace@example.com", "{}");
        JsonNode evil = issue("@SUM(1+1)*cmd", "evil@example.com", "{}");
        String zoeCode = zoe.get("code").asText();
        scan(zoeCode, "main", "entry");
        scan(zoeCode, "main", "exit");
        scan(zoeCode, "main", "entry");
        server.post("/api/tickets/" + evil.get("id").asText() + "/revoke", "{\"reissue\":false}", ADMIN_TOKEN);

        Sheet sheet = download("/api/attendees.csv");

        assertThat(sheet.header()).containsExactly("ticket_id", "name", "email", "company", "field: name", "ticket_link",
                "registered_at", "cancelled_at", "first_arrival_main", "first_arrival_how-workers-work",
                "first_arrival_security-serverless-future", "first_arrival_serverless-world-map");
        assertThat(sheet.rows()).hasSize(3);
        CSVRecord z = sheet.rows().get(0);
        assertThat(z.get("ticket_id")).isEqualTo(zoe.get("id").asText());
        assertThat(z.get("name")).isEqualTo("Zoë Ødegård");
        assertThat(z.get("email")).isEqualTo("zoe@example.no");
        assertThat(z.get("company")).isEqualTo("Ørsted");
        assertThat(z.get("field: name")).isEqualTo("nickname Z");
        assertThat(z.get("ticket_link")).startsWith("http://").endsWith("/t/" + zoeCode);
        assertThat(server.get(URI.create(z.get("ticket_link")).getPath()).status()).isEqualTo(200);
        assertEventTime(z.get("registered_at"));
        assertThat(z.get("cancelled_at")).isEmpty();
        assertEventTime(z.get("first_arrival_main"));
        String firstEntryAt = download("/api/checkins.csv").rows().get(0).get("at");
        assertThat(z.get("first_arrival_main")).isEqualTo(firstEntryAt);
        assertThat(z.get("first_arrival_how-workers-work")).isEmpty();

        CSVRecord g = sheet.rows().get(1);
        assertThat(g.get("name")).isEqualTo("Grace Hopper");
        assertThat(g.get("first_arrival_main")).isEmpty();
        assertThat(g.get("company")).isEmpty();
        assertThat(g.get("ticket_link")).endsWith("/t/" + grace.get("code").asText());

        CSVRecord e = sheet.rows().get(2);
        assertThat(e.get("name")).isEqualTo("'@SUM(1+1)*cmd");
        assertEventTime(e.get("cancelled_at"));
    }

    @Test
    void attendees_csv_spans_many_pages_in_creation_order() throws IOException {
        int guests = 2_345;
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = 0; i < guests; i++) {
            csv.append("Guest ").append(i).append(",guest").append(i).append("@example.com\n");
        }
        TestServer.Response imported = server.postBytes("/api/tickets/import", csv.toString().getBytes(StandardCharsets.UTF_8),
                "text/csv", ADMIN_TOKEN);
        assertThat(imported.json().get("created").asInt()).isEqualTo(guests);

        Sheet sheet = download("/api/attendees.csv");

        assertThat(sheet.rows()).hasSize(guests);
        assertThat(sheet.rows().stream().map(r -> r.get("email")).distinct().count()).isEqualTo(guests);
        assertThat(sheet.rows().get(guests - 1).get("email")).isEqualTo("guest" + (guests - 1) + "@example.com");
    }

    @Test
    void the_exports_need_the_admin_token() {
        assertThat(server.get("/api/attendees.csv").status()).isEqualTo(401);
        assertThat(server.get("/api/attendees.csv", kiosk).status()).isEqualTo(403);
        assertThat(server.get("/api/checkins.csv", kiosk).status()).isEqualTo(403);
    }
}
