package dev.usher.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class TicketListTest extends ServerTest {

    private void importGuests(int from, int count) {
        StringBuilder csv = new StringBuilder("name,email\n");
        for (int i = from; i < from + count; i++) {
            // Names out of id and import order, so the name order is its own.
            csv.append("Guest ").append(Integer.toString(i * 7919 % 100_003, 36)).append(' ').append(i)
                    .append(",guest").append(i).append("@example.com\n");
        }
        TestServer.Response r = server.postBytes("/api/tickets/import", csv.toString().getBytes(StandardCharsets.UTF_8),
                "text/csv", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(count);
    }

    private JsonNode page(String query) {
        TestServer.Response r = server.get("/api/tickets?" + query, TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Every page of a listing; {@code between} runs after each page. */
    private List<JsonNode> all(String query, Runnable between) {
        List<JsonNode> rows = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode p = page(query + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            p.get("tickets").forEach(rows::add);
            cursor = p.get("next").isNull() ? null : p.get("next").asText();
            between.run();
        } while (cursor != null);
        return rows;
    }

    private static List<String> names(List<JsonNode> rows) {
        return rows.stream().map(t -> t.get("name").asText()).toList();
    }

    @Test
    void paging_visits_each_of_2500_tickets_once_while_tickets_are_added() {
        // 25 pages of 100 per sort, ten tickets added before each: as many page boundaries as 10,000
        // tickets in pages of 500 gave, for a quarter of the import (17 s of CI on PostgreSQL before).
        importGuests(0, 2_500);
        int[] added = {0};
        for (String sort : List.of("name", "registered")) {
            List<JsonNode> rows = all("limit=100&sort=" + sort, () -> importGuests(100_000 + added[0]++ * 10, 10));
            Map<String, Integer> seen = new HashMap<>();
            rows.forEach(t -> seen.merge(t.get("email").asText(), 1, Integer::sum));
            assertThat(seen.values()).as("no ticket twice (" + sort + ")").allMatch(n -> n == 1);
            for (int i = 0; i < 2_500; i++) {
                assertThat(seen).as(sort).containsKey("guest" + i + "@example.com");
            }
        }
    }

    @Test
    void a_page_has_the_whole_row_and_the_last_page_no_next() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN);
        JsonNode p = page("");
        assertThat(p.get("next").isNull()).isTrue();
        JsonNode row = p.at("/tickets/0");
        assertThat(row.get("id").asText()).isEqualTo(ada.get("id").asText());
        assertThat(row.get("email").asText()).isEqualTo("ada@example.com");
        assertThat(row.get("source").asText()).isEqualTo("staff");
        assertThat(row.has("fields")).isTrue();
        assertThat(row.has("createdAt")).isTrue();
        assertThat(row.get("cancelled").asBoolean()).isFalse();
        assertThat(row.get("arrivedAt").isNull()).isFalse();
        assertThat(row.get("inside").asBoolean()).isTrue();
        assertThat(row.at("/mail/state").asText()).isNotEmpty();
        assertThat(row.has("code")).isFalse();
    }

    @Test
    void a_row_carries_the_check_in_that_annuls_its_arrival_and_none_once_annulled() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        JsonNode bob = server.register("Bob Babbage", "bob@example.com");
        long first = server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN).json().get("checkinId").asLong();
        exit(ada, TestServer.ADMIN_TOKEN);
        long again = server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN).json().get("checkinId").asLong();
        assertThat(again).isNotEqualTo(first);

        JsonNode adaRow = row(page(""), "Ada Lovelace");
        assertThat(adaRow.get("checkinId").asLong()).as("the latest entry, the one standing").isEqualTo(again);
        assertThat(adaRow.get("inside").asBoolean()).isTrue();
        JsonNode bobRow = row(page(""), "Bob Babbage");
        assertThat(bobRow.has("checkinId")).as("always written").isTrue();
        assertThat(bobRow.get("checkinId").isNull()).isTrue();
        assertThat(row(page("list=how-workers-work"), "Ada Lovelace").get("checkinId").isNull()).as("per list").isTrue();

        TestServer.Response annulled = server.admin("POST", "/api/checkins/" + again + "/annul", "{\"reason\": \"test\"}");
        assertThat(annulled.status()).as(annulled.body()).isEqualTo(200);
        adaRow = row(page(""), "Ada Lovelace");
        assertThat(adaRow.get("inside").asBoolean()).isFalse();
        assertThat(adaRow.get("checkinId").asLong()).as("the first visit's entry stands again").isEqualTo(first);

        JsonNode one = server.register("Cy Once", "cy@example.com");
        long only = server.checkIn(one.get("code").asText(), TestServer.ADMIN_TOKEN).json().get("checkinId").asLong();
        assertThat(server.admin("POST", "/api/checkins/" + only + "/annul", null).status()).isEqualTo(200);
        JsonNode cyRow = row(page(""), "Cy Once");
        assertThat(cyRow.get("arrivedAt").isNull()).isTrue();
        assertThat(cyRow.get("checkinId").isNull()).isTrue();
    }

    private void exit(JsonNode ticket, String token) {
        TestServer.Response r = server.post("/api/checkins",
                "{\"code\": \"" + ticket.get("code").asText() + "\", \"type\": \"exit\"}", token);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static JsonNode row(JsonNode page, String name) {
        for (JsonNode t : page.get("tickets")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no row for " + name + " in " + page);
    }

    @Test
    void filters_by_arrival_on_a_list_and_by_cancellation() {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        JsonNode bob = server.register("Bob Babbage", "bob@example.com");
        JsonNode cy = server.register("Cy Cancelled", "cy@example.com");
        server.register("Dee Absent", "dee@example.com");
        server.checkIn(ada.get("code").asText(), TestServer.ADMIN_TOKEN);
        server.post("/api/checkins", "{\"code\": \"" + bob.get("code").asText() + "\", \"list\": \"how-workers-work\"}",
                TestServer.ADMIN_TOKEN);
        server.admin("POST", "/api/tickets/" + cy.get("id").asText() + "/revoke", "{\"reissue\": false}");

        assertThat(names(all("status=arrived", () -> { }))).containsExactly("Ada Lovelace");
        assertThat(names(all("status=absent", () -> { }))).containsExactly("Bob Babbage", "Dee Absent");
        assertThat(names(all("status=cancelled", () -> { }))).containsExactly("Cy Cancelled");
        assertThat(names(all("status=arrived&list=how-workers-work", () -> { }))).containsExactly("Bob Babbage");
        List<JsonNode> talk = all("list=how-workers-work", () -> { });
        assertThat(talk.stream().filter(t -> t.get("inside").asBoolean()).map(t -> t.get("name").asText())).containsExactly("Bob Babbage");
    }

    @Test
    void sorts_by_name_registration_and_arrival() {
        JsonNode zoe = server.register("Zoë Zed", "zoe@example.com");
        server.register("Émile Able", "emile@example.com");
        JsonNode max = server.register("Max Middle", "max@example.com");
        server.checkIn(max.get("code").asText(), TestServer.ADMIN_TOKEN);
        server.checkIn(zoe.get("code").asText(), TestServer.ADMIN_TOKEN);

        assertThat(names(all("limit=1", () -> { }))).containsExactly("Émile Able", "Max Middle", "Zoë Zed");
        assertThat(names(all("limit=2&sort=registered", () -> { }))).containsExactly("Zoë Zed", "Émile Able", "Max Middle");
        assertThat(names(all("limit=1&sort=arrived", () -> { }))).containsExactly("Max Middle", "Zoë Zed", "Émile Able");
    }

    @Test
    void arrival_order_counts_the_first_standing_entry_and_ignores_exits_and_annulled_entries() {
        JsonNode ann = server.register("Ann Annulled", "ann@example.com");
        JsonNode bea = server.register("Bea Back", "bea@example.com");
        JsonNode cal = server.register("Cal Cancelled", "cal@example.com");
        JsonNode dan = server.register("Dan Door", "dan@example.com");
        server.register("Eve Never", "eve@example.com");
        long annFirst = enter(ann);
        enter(bea);
        server.post("/api/checkins", "{\"code\": \"" + bea.get("code").asText() + "\", \"type\": \"exit\"}", TestServer.ADMIN_TOKEN);
        enter(cal);
        server.admin("POST", "/api/tickets/" + cal.get("id").asText() + "/revoke", "{\"reissue\": false}");
        enter(dan);
        // Ann's entry was a mistake; she really comes in last. Bea comes back in: her first entry still counts.
        server.admin("POST", "/api/checkins/" + annFirst + "/annul", "{}");
        enter(bea);
        enter(ann);

        List<String> expected = List.of("Bea Back", "Cal Cancelled", "Dan Door", "Ann Annulled", "Eve Never");
        for (String limit : List.of("1", "2", "100")) {
            assertThat(names(all("sort=arrived&limit=" + limit, () -> { }))).as(limit).isEqualTo(expected);
        }
        assertThat(names(all("sort=arrived&limit=1&status=arrived", () -> { }))).containsExactly("Bea Back", "Cal Cancelled", "Dan Door", "Ann Annulled");
        assertThat(names(all("sort=arrived&limit=1&status=absent", () -> { }))).containsExactly("Eve Never");
        assertThat(names(all("sort=arrived&limit=1&status=cancelled", () -> { }))).containsExactly("Cal Cancelled");
        assertThat(names(all("sort=arrived&list=how-workers-work", () -> { }))).hasSize(5);
        List<JsonNode> rows = all("sort=arrived", () -> { });
        for (int i = 1; i < 4; i++) {
            assertThat(Instant.parse(rows.get(i).get("arrivedAt").asText())).isAfter(Instant.parse(rows.get(i - 1).get("arrivedAt").asText()));
        }
        assertThat(rows.get(4).get("arrivedAt").isNull()).isTrue();
    }

    /** Checks the ticket in on the main list, a few milliseconds after the previous entry (arrival times must differ). */
    private long enter(JsonNode ticket) {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        TestServer.Response r = server.checkIn(ticket.get("code").asText(), TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("checkinId").asLong();
    }

    @Test
    void bad_parameters_are_a_400_and_kiosks_cannot_list() {
        server.register("Ada Lovelace", "ada@example.com");
        server.register("Bob Babbage", "bob@example.com");
        String nameCursor = page("limit=1").get("next").asText();
        for (String bad : List.of("limit=0", "limit=501", "limit=abc", "limit=-1", "limit=99999999999", "cursor=nonsense",
                "cursor=%2F%2F%2F", "status=here", "sort=age", "list=nope", "q=ada&limit=5",
                "sort=registered&cursor=" + nameCursor)) {
            TestServer.Response r = server.get("/api/tickets?" + bad, TestServer.ADMIN_TOKEN);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(bad).isNotEmpty();
            assertThat(r.json().get("message").asText()).as(bad).isNotEmpty();
        }
        String kiosk = server.createKiosk("Door A").get("token").asText();
        assertError(server.get("/api/tickets?limit=10", kiosk), 403, "forbidden");
        assertError(server.get("/api/tickets", kiosk), 400, "query_too_short");
        Set<String> onePage = new HashSet<>(names(all("limit=500", () -> { })));
        assertThat(onePage).containsExactlyInAnyOrder("Ada Lovelace", "Bob Babbage");
    }
}
