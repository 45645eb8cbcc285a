package dev.usher.offline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.usher.ApiAssertions.assertError;
import static dev.usher.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GET /api/offline: the delta sync of the encrypted offline list (docs/offline-api.md). */
class OfflineSyncTest extends ServerTest {

    private JsonNode sync(String query, String token) {
        TestServer.Response r = server.get("/api/offline" + query, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Entries of one answer by id. */
    private static Map<String, JsonNode> byId(JsonNode page) {
        Map<String, JsonNode> entries = new HashMap<>();
        page.get("entries").forEach(e -> entries.put(e.get("id").asText(), e));
        return entries;
    }

    private String code(JsonNode ticket) {
        return ticket.get("code").asText();
    }

    @Test
    void a_full_sync_lists_every_tickets_entry_with_its_name_sealed() throws GeneralSecurityException {
        List<JsonNode> tickets = List.of(server.register("Ada Lovelace", "ada@example.com"),
                server.register("Grace Hopper", "grace@example.com"), server.register("Renée Dubois", "renee@example.org"));
        JsonNode page = sync("", ADMIN_TOKEN);
        assertThat(page.get("revision").asText()).isEqualTo(server.get("/api/event").json().get("revision").asText());
        assertThat(page.get("more").asBoolean()).isFalse();
        assertThat(page.get("next").asText()).isNotBlank();
        Map<String, JsonNode> entries = byId(page);
        assertThat(entries).hasSize(3);
        for (JsonNode t : tickets) {
            String id = OfflineRecipe.entryIdOf(code(t));
            JsonNode e = entries.get(id);
            assertThat(e).as(t.get("name").asText()).isNotNull();
            assertThat(e.get("state").asText()).isEqualTo("valid");
            assertThat(e.get("inside").isArray()).isTrue();
            assertThat(e.get("inside")).isEmpty();
            assertThat(OfflineRecipe.open(e.get("name").asText(), OfflineRecipe.serialOf(code(t)), id)).isEqualTo(t.get("name").asText());
        }
    }

    @Test
    void a_name_opens_with_its_own_codes_serial_only() throws GeneralSecurityException {
        JsonNode ada = server.register("Ada Lovelace", "ada@example.com");
        JsonNode grace = server.register("Grace Hopper", "grace@example.com");
        Map<String, JsonNode> entries = byId(sync("", ADMIN_TOKEN));
        String adaId = OfflineRecipe.entryIdOf(code(ada));
        String sealed = entries.get(adaId).get("name").asText();
        assertThat(OfflineRecipe.open(sealed, OfflineRecipe.serialOf(code(ada)), adaId)).isEqualTo("Ada Lovelace");
        assertThatThrownBy(() -> OfflineRecipe.open(sealed, OfflineRecipe.serialOf(code(grace)), adaId))
                .isInstanceOf(AEADBadTagException.class);
        byte[] almost = OfflineRecipe.serialOf(code(ada));
        almost[11] ^= 1;
        assertThatThrownBy(() -> OfflineRecipe.open(sealed, almost, adaId)).isInstanceOf(AEADBadTagException.class);
        // The entry id is bound in: the sealed name moved to another entry does not open.
        assertThatThrownBy(() -> OfflineRecipe.open(sealed, OfflineRecipe.serialOf(code(ada)), OfflineRecipe.entryIdOf(code(grace))))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void the_answer_holds_no_name_or_email_in_the_clear() {
        List<String[]> people = List.of(new String[]{"Ada Lovelace", "ada@example.com"}, new String[]{"Grace Hopper", "grace@example.com"},
                new String[]{"Zoë Ångström", "zoe.angstrom@example.net"});
        for (String[] p : people) {
            server.register(p[0], p[1]);
        }
        String kiosk = server.createKiosk("Door").get("token").asText();
        server.checkIn(code(server.register("Linus Pauling", "linus@example.com")), kiosk);
        TestServer.Response answer = server.get("/api/offline", kiosk);
        String body = answer.body();
        assertThat(body).contains("\"valid\"");
        // Entry ids (hex) and sealed names (base64url) are random text, where a short word like "ada"
        // turns up now and then: they must have their own shape, and only the rest is searched for words.
        List<String> words = new ArrayList<>(List.of("linus", "pauling"));
        for (String[] p : people) {
            words.addAll(List.of((p[0] + " " + p[1].replace("@", " ")).split(" ")));
        }
        String rest = body.replaceAll("\"(id|name)\":\"[^\"]*\"", "");
        for (JsonNode entry : answer.json().get("entries")) {
            assertThat(entry.get("id").asText()).matches("[0-9a-f]{32}");
            if (entry.has("name")) {
                assertThat(entry.get("name").asText()).matches("[A-Za-z0-9_-]{40,}");
            }
        }
        for (String word : words) {
            assertThat(rest).doesNotContainIgnoringCase(word);
            if (word.length() >= 6) {
                assertThat(body).doesNotContainIgnoringCase(word);
            }
        }
    }

    @Test
    void a_delta_holds_just_the_tickets_that_changed_with_their_new_state() throws GeneralSecurityException {
        String kiosk = server.createKiosk("Door").get("token").asText();
        JsonNode arrives = server.register("Ada Lovelace", "ada@example.com");
        JsonNode replaced = server.register("Grace Hopper", "grace@example.com");
        JsonNode cancelled = server.register("Alan Turing", "alan@example.com");
        JsonNode renamed = server.register("Renee Dubois", "renee@example.com");
        JsonNode annulled = server.register("Edsger Dijkstra", "edsger@example.com");
        JsonNode untouched = server.register("Barbara Liskov", "barbara@example.com");
        TestServer.Response toAnnul = server.checkIn(code(annulled), kiosk);
        String cursor = sync("", kiosk).get("next").asText();
        assertThat(sync("?after=" + cursor, kiosk).get("entries")).isEmpty();

        server.checkIn(code(arrives), kiosk);
        JsonNode page = sync("?after=" + cursor, kiosk);
        assertThat(byId(page).keySet()).containsExactly(OfflineRecipe.entryIdOf(code(arrives)));
        assertThat(page.at("/entries/0/inside").toString()).isEqualTo("[\"main\"]");
        cursor = page.get("next").asText();

        String fresh = server.admin("POST", "/api/tickets/" + replaced.get("id").asText() + "/revoke", null).json().at("/ticket/code").asText();
        page = sync("?after=" + cursor, kiosk);
        Map<String, JsonNode> entries = byId(page);
        assertThat(entries.keySet()).containsExactlyInAnyOrder(OfflineRecipe.entryIdOf(code(replaced)), OfflineRecipe.entryIdOf(fresh));
        assertThat(entries.get(OfflineRecipe.entryIdOf(code(replaced))).get("state").asText()).isEqualTo("revoked");
        assertThat(entries.get(OfflineRecipe.entryIdOf(code(replaced))).has("name")).isFalse();
        JsonNode now = entries.get(OfflineRecipe.entryIdOf(fresh));
        assertThat(now.get("state").asText()).isEqualTo("valid");
        assertThat(OfflineRecipe.open(now.get("name").asText(), OfflineRecipe.serialOf(fresh), OfflineRecipe.entryIdOf(fresh))).isEqualTo("Grace Hopper");
        cursor = page.get("next").asText();

        server.admin("POST", "/api/tickets/" + cancelled.get("id").asText() + "/revoke", "{\"reissue\":false}");
        page = sync("?after=" + cursor, kiosk);
        assertThat(byId(page).keySet()).containsExactly(OfflineRecipe.entryIdOf(code(cancelled)));
        assertThat(page.at("/entries/0/state").asText()).isEqualTo("cancelled");
        assertThat(page.at("/entries/0").has("name")).isFalse();
        cursor = page.get("next").asText();

        TestServer.Response edit = server.admin("PATCH", "/api/tickets/" + renamed.get("id").asText(), "{\"name\":\"Renée Dubois\"}");
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        page = sync("?after=" + cursor, kiosk);
        String renamedId = OfflineRecipe.entryIdOf(code(renamed));
        assertThat(byId(page).keySet()).containsExactly(renamedId);
        assertThat(OfflineRecipe.open(page.at("/entries/0/name").asText(), OfflineRecipe.serialOf(code(renamed)), renamedId)).isEqualTo("Renée Dubois");
        cursor = page.get("next").asText();

        TestServer.Response annul = server.admin("POST", "/api/checkins/" + toAnnul.json().get("checkinId").asLong() + "/annul", "{}");
        assertThat(annul.status()).as(annul.body()).isEqualTo(200);
        page = sync("?after=" + cursor, kiosk);
        assertThat(byId(page).keySet()).containsExactly(OfflineRecipe.entryIdOf(code(annulled)));
        assertThat(page.at("/entries/0/inside")).isEmpty();
        cursor = page.get("next").asText();

        JsonNode late = server.register("Hedy Lamarr", "hedy@example.com");
        page = sync("?after=" + cursor, kiosk);
        assertThat(byId(page).keySet()).containsExactly(OfflineRecipe.entryIdOf(code(late)));
        cursor = page.get("next").asText();

        // Leaving: the exit takes the ticket off the list it was inside.
        TestServer.Response exit = server.post("/api/checkins", "{\"code\":\"" + code(arrives) + "\",\"type\":\"exit\"}", kiosk);
        assertThat(exit.status()).as(exit.body()).isEqualTo(201);
        page = sync("?after=" + cursor, kiosk);
        assertThat(byId(page).keySet()).containsExactly(OfflineRecipe.entryIdOf(code(arrives)));
        assertThat(page.at("/entries/0/inside")).isEmpty();
        assertThat(page.get("more").asBoolean()).isFalse();
        assertThat(sync("?after=" + page.get("next").asText(), kiosk).get("entries")).isEmpty();
        assertThat(OfflineRecipe.entryIdOf(code(untouched))).isNotIn(byId(page).keySet());
    }

    @Test
    void a_long_list_comes_in_pages_marked_more() throws GeneralSecurityException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(OfflineRecipe.entryIdOf(code(server.register("Guest " + i, "guest" + i + "@example.com"))));
        }
        List<String> seen = new ArrayList<>();
        String cursor = "";
        List<Boolean> more = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            JsonNode page = sync("?limit=2" + (cursor.isEmpty() ? "" : "&after=" + cursor), ADMIN_TOKEN);
            page.get("entries").forEach(e -> seen.add(e.get("id").asText()));
            more.add(page.get("more").asBoolean());
            cursor = page.get("next").asText();
        }
        assertThat(more).containsExactly(true, true, false);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void a_kiosk_may_sync_a_viewer_and_strangers_may_not() {
        server.register("Ada Lovelace", "ada@example.com");
        String kiosk = server.createKiosk("Door").get("token").asText();
        TestServer.Response viewer = server.admin("POST", "/api/viewers", "{\"name\":\"Lead\"}");
        assertThat(viewer.status()).as(viewer.body()).isEqualTo(201);
        assertThat(sync("", kiosk).get("entries")).hasSize(1);
        assertError(server.get("/api/offline", viewer.json().get("token").asText()), 403, "forbidden");
        assertThat(server.get("/api/offline").status()).isEqualTo(401);
    }

    @Test
    void a_bad_cursor_or_limit_is_a_400_with_the_error_shape() {
        for (String q : List.of("?after=abc", "?after=-1", "?after=1.5", "?after=99999999999999999999")) {
            assertError(server.get("/api/offline" + q, ADMIN_TOKEN), 400, "invalid_cursor");
        }
        for (String q : List.of("?limit=0", "?limit=5001", "?limit=ten", "?limit=-3")) {
            assertError(server.get("/api/offline" + q, ADMIN_TOKEN), 400, "invalid_limit");
        }
        assertThat(server.get("/api/offline?limit=5000", ADMIN_TOKEN).status()).isEqualTo(200);
    }
}
