package dev.usher.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class TicketSearchTest extends ServerTest {

    private List<String> names(String query, String token) {
        JsonNode found = server.get("/api/tickets?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), token).json().get("tickets");
        List<String> names = new ArrayList<>();
        found.forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    private List<String> names(String query) {
        return names(query, TestServer.ADMIN_TOKEN);
    }

    private void people() {
        server.register("François Martin", "fm@example.com");
        server.register("Renée Dubois", "renee@example.org");
        server.register("Hans Weiß", "hans@example.de");
        server.register("Zoë Kravitz", "zk@example.com");
        server.register("Æsa Øster", "aesa@example.no");
        server.register("Ada Lovelace", "ada@example.com");
    }

    @Test
    void accents_case_and_special_letters_do_not_matter() {
        people();
        assertThat(names("francois")).containsExactly("François Martin");
        assertThat(names("weiss")).containsExactly("Hans Weiß");
        assertThat(names("zoe")).containsExactly("Zoë Kravitz");
        assertThat(names("AESA OST")).containsExactly("Æsa Øster");
        assertThat(names("Renée")).containsExactly("Renée Dubois");
    }

    @Test
    void every_word_typed_starts_a_word_of_the_name_or_email_in_any_order() {
        people();
        assertThat(names("renee dub")).containsExactly("Renée Dubois");
        assertThat(names("dub ren")).containsExactly("Renée Dubois");
        assertThat(names("example org")).containsExactly("Renée Dubois");
        assertThat(names("renee@example.org")).containsExactly("Renée Dubois");
        assertThat(names("renee mart")).isEmpty();
        // Inside a word is not a match: "ubois" is not how anyone starts typing a name.
        assertThat(names("ubois")).isEmpty();
    }

    @Test
    void names_starting_with_the_query_come_first_then_whole_words_then_name_order() {
        server.register("Zed Anna", "z1@example.com");
        server.register("Bob Annabel", "b1@example.com");
        server.register("Anna Zimmer", "a1@example.com");
        server.register("Annabel Abbot", "a2@example.com");
        // Two names start with "anna" (in name order), then a whole word "anna", then a word starting so.
        assertThat(names("anna")).containsExactly("Anna Zimmer", "Annabel Abbot", "Zed Anna", "Bob Annabel");
    }

    @Test
    void cancelled_tickets_come_last() {
        server.register("Mia Alpha", "mia1@example.com");
        JsonNode first = server.register("Mia Aaron", "mia2@example.com");
        server.admin("POST", "/api/tickets/" + first.get("id").asText() + "/revoke", "{\"reissue\": false}");
        assertThat(names("mia")).containsExactly("Mia Alpha", "Mia Aaron");
    }

    @Test
    void a_ticket_with_several_words_starting_so_is_found_once_and_the_rest_still_fill_the_answer() {
        // Each has three words starting with "mar" (name, email, domain): nine index entries per ticket.
        for (int i = 0; i < 12; i++) {
            server.register("Marie Martin " + (char) ('a' + i), "marie.martin" + i + "@marseille.example");
        }
        List<String> found = names("mar");
        assertThat(found).hasSize(8).doesNotHaveDuplicates();
        assertThat(found).startsWith("Marie Martin a", "Marie Martin b");
    }

    @Test
    void an_edited_cancelled_ticket_is_still_ranked_last_and_found_by_its_new_name_only() {
        server.register("Mia Zulu", "mia1@example.com");
        JsonNode aaron = server.register("Mia Aaron", "mia2@example.com");
        String id = aaron.get("id").asText();
        server.admin("POST", "/api/tickets/" + id + "/revoke", "{\"reissue\": false}");
        assertThat(server.admin("PATCH", "/api/tickets/" + id, "{\"name\":\"Mia Abel\"}").status()).isEqualTo(200);

        assertThat(names("mia")).containsExactly("Mia Zulu", "Mia Abel");
        assertThat(names("aaron")).isEmpty();
        assertThat(names("abel mia")).containsExactly("Mia Abel");
    }

    @Test
    void whole_words_rank_above_prefixes_within_names_that_start_with_the_query() {
        server.register("Annabel Zed", "z@example.com");
        server.register("Annabel Anna", "x@example.com");
        server.register("Anna Zimmer", "y@example.com");
        // All three start with "anna"; the two with the whole word "anna" first, in name order.
        assertThat(names("anna")).containsExactly("Anna Zimmer", "Annabel Anna", "Annabel Zed");
    }

    @Test
    void a_match_says_whether_the_guest_is_inside_and_a_kiosk_sees_it_too() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        server.register("Ada Byron", "byron@example.com");
        assertThat(server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        String kiosk = server.createKiosk("Door A").get("token").asText();

        JsonNode staff = server.get("/api/tickets?q=ada", TestServer.ADMIN_TOKEN).json().get("tickets");
        assertThat(staff.get(0).get("name").asText()).isEqualTo("Ada Byron");
        assertThat(staff.get(0).get("inside").asBoolean()).isFalse();
        assertThat(staff.get(1).get("inside").asBoolean()).isTrue();
        assertThat(staff.get(1).has("mail")).isTrue();

        JsonNode door = server.get("/api/tickets?q=ada", kiosk).json().get("tickets");
        assertThat(door.get(1).get("inside").asBoolean()).isTrue();
        assertThat(door.get(1).get("email").asText()).isEqualTo("ad…@example.com");
        assertThat(door.get(1).has("mail")).isFalse();

        server.post("/api/checkins", "{\"code\": \"" + ada.get("code").asText() + "\", \"type\": \"exit\"}", TestServer.ADMIN_TOKEN);
        assertThat(server.get("/api/tickets?q=lovelace", kiosk).json().at("/tickets/0/inside").asBoolean()).isFalse();
    }

    @Test
    void tickets_from_before_the_search_index_are_found_after_a_restart() throws Exception {
        assumeFalse(TestServer.onPostgres(), "rewrites SQLite's file as an older Usher left it");
        server.register("Renée Dubois", "renee@example.org");
        server.close();
        // As a database migrated from V003 has them: no key, no words.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("usher.db"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE tickets SET search_key = NULL");
            s.execute("DELETE FROM ticket_words");
        }
        server = TestServer.start(data);
        assertThat(names("dub ren")).containsExactly("Renée Dubois");
    }

    @Test
    void a_data_folder_from_before_v009_keeps_its_words_cancellations_and_arrival_order() throws Exception {
        assumeFalse(TestServer.onPostgres(), "rewrites SQLite's file as an older Usher left it");
        JsonNode zulu = server.register("Mia Zulu", "zulu@example.com");
        assertThat(server.checkIn(zulu.get("code").asText(), TestServer.ADMIN_TOKEN).status()).isEqualTo(201);
        JsonNode aaron = server.register("Mia Aaron", "aaron@example.com");
        server.admin("POST", "/api/tickets/" + aaron.get("id").asText() + "/revoke", "{\"reissue\": false}");
        server.close();
        // As V005 left it: ticket_words (word, ticket_id) only, no arrival index, V009 and later not applied.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("usher.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE old_words (word TEXT NOT NULL, ticket_id TEXT NOT NULL REFERENCES tickets (id),"
                    + " PRIMARY KEY (word, ticket_id)) WITHOUT ROWID");
            s.execute("INSERT INTO old_words SELECT word, ticket_id FROM ticket_words");
            s.execute("DROP TABLE ticket_words");
            s.execute("ALTER TABLE old_words RENAME TO ticket_words");
            s.execute("DROP INDEX checkins_entries_by_time");
            s.execute("DROP INDEX checkins_once");
            s.execute("CREATE UNIQUE INDEX checkins_once ON checkins (ticket_id, list_id, type, round) WHERE annulled_at IS NULL");
            s.execute("DROP TABLE nodes"); // V011's
            s.execute("CREATE INDEX checkins_entries ON checkins (list_id, ticket_id, at) WHERE type = 'entry' AND annulled_at IS NULL"); // V012 dropped
            s.execute("CREATE INDEX scans_device ON scans (device_id)"); // V012 dropped
            s.execute("DROP INDEX checkins_annulled"); // V013's
            s.execute("DELETE FROM flyway_schema_history WHERE version >= '009'");
        }
        server = TestServer.start(data);
        assertThat(names("mia")).containsExactly("Mia Zulu", "Mia Aaron");
        assertThat(names("zulu mia")).containsExactly("Mia Zulu");
        assertThat(server.get("/api/tickets?sort=arrived", TestServer.ADMIN_TOKEN).json().at("/tickets/0/name").asText())
                .isEqualTo("Mia Zulu");
    }
}
