package dev.usher.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usher.Config;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Staff edit the event while Usher runs: PUT /api/event, checked, stored, served at once. */
class EventEditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private TestServer start() {
        return TestServer.start(new Config("127.0.0.1", 0, data, null, TestServer.ADMIN_TOKEN));
    }

    private static ObjectNode file(TestServer server) throws IOException {
        TestServer.Response r = server.get("/api/event/file", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (ObjectNode) JSON.readTree(r.body());
    }

    private static TestServer.Response put(TestServer server, String query, String body, String ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/event" + query))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return server.send(b.build());
    }

    private static TestServer.Response getWithTag(TestServer server, String tag) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/event")).header("If-None-Match", tag).GET().build());
    }

    private static List<String> lists(TestServer server) {
        List<String> names = new ArrayList<>();
        server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("lists").forEach(l -> names.add(l.get("name").asText()));
        return names;
    }

    @Test
    void the_event_carries_its_revision_and_a_page_that_has_it_gets_a_304() {
        try (TestServer server = start()) {
            TestServer.Response r = server.get("/api/event");
            String tag = r.header("ETag");
            assertThat(tag).isEqualTo("\"" + r.json().get("revision").asText() + "\"");
            assertThat(getWithTag(server, tag).status()).isEqualTo(304);
            assertThat(getWithTag(server, "\"something-else\"").status()).isEqualTo(200);
            assertThat(server.get("/api/event/file").status()).isEqualTo(401);
            assertThat(server.get("/api/event/file", TestServer.ADMIN_TOKEN).header("ETag")).isEqualTo(tag);
        }
    }

    @Test
    void an_edit_is_served_at_once_to_every_feature_and_kept_after_a_restart() throws IOException {
        String before;
        try (TestServer server = start()) {
            before = server.get("/api/event").header("ETag");
            ObjectNode e = file(server);
            e.put("name", "Serverless, revisited");
            e.put("summary", "Now with a fourth talk.");
            ((ObjectNode) e.get("talks").get(0)).put("title", "How Workers really work");
            ((ArrayNode) e.get("talks")).addObject().put("id", "late-talk").put("title", "A late talk").put("start", "20:15");

            TestServer.Response r = put(server, "", e.toString(), before);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("changes").toString()).contains("name", "talk 'how-workers-work' changed", "late-talk");
            String after = r.header("ETag");
            assertThat(after).isNotEqualTo(before).isEqualTo("\"" + r.json().get("revision").asText() + "\"");

            JsonNode event = server.get("/api/event").json();
            assertThat(event.get("name").asText()).isEqualTo("Serverless, revisited");
            assertThat(event.get("lists").findValuesAsText("id")).contains("late-talk");
            assertThat(getWithTag(server, before).status()).as("the old revision is stale").isEqualTo(200);
            assertThat(lists(server)).contains("How Workers really work", "A late talk");
            // The new list takes check-ins at once.
            String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
            TestServer.Response in = server.post("/api/checkins", "{\"code\":\"" + code + "\",\"list\":\"late-talk\"}", TestServer.ADMIN_TOKEN);
            assertThat(in.status()).as(in.body()).isEqualTo(201);
            // Sending the same text again changes nothing.
            TestServer.Response same = put(server, "", file(server).toString(), after);
            assertThat(same.status()).isEqualTo(200);
            assertThat(same.json().get("changes").size()).isZero();
        }
        try (TestServer server = start()) {
            assertThat(server.get("/api/event").json().get("name").asText()).isEqualTo("Serverless, revisited");
            assertThat(lists(server)).contains("A late talk");
        }
    }

    @Test
    void an_edit_from_an_old_revision_is_refused_and_changes_nothing() throws IOException {
        try (TestServer server = start()) {
            String tag = server.get("/api/event").header("ETag");
            ObjectNode first = file(server);
            ObjectNode second = first.deepCopy();
            first.put("name", "First editor");
            second.put("name", "Second editor");
            assertThat(put(server, "", first.toString(), tag).status()).isEqualTo(200);
            TestServer.Response stale = put(server, "", second.toString(), tag);
            assertError(stale, 412, "event_changed");
            assertThat(server.get("/api/event").json().get("name").asText()).isEqualTo("First editor");
        }
    }

    @Test
    void every_bad_field_is_named_with_the_form_it_needs_and_nothing_is_stored() throws IOException {
        try (TestServer server = start()) {
            ObjectNode e = file(server);
            String name = server.get("/api/event").json().get("name").asText();

            TestServer.Response time = put(server, "", e.deepCopy().put("doorsOpen", "7pm").toString(), null);
            assertError(time, 400, "invalid_event");
            assertThat(time.json().get("message").asText()).isEqualTo("doorsOpen: \"7pm\" is not a time; write HH:MM, e.g. \"19:00\"");

            ObjectNode unknown = e.deepCopy();
            ((ObjectNode) unknown.get("venue")).put("room", "B");
            TestServer.Response field = put(server, "", unknown.toString(), null);
            assertError(field, 400, "invalid_event");
            assertThat(field.json().get("message").asText()).contains("\"room\"", "venue");

            ObjectNode backwards = e.deepCopy();
            ((ObjectNode) backwards.get("talks").get(0)).put("start", "20:00").put("end", "19:00");
            assertThat(put(server, "", backwards.toString(), null).json().get("message").asText()).contains("ends", "before it starts");

            ObjectNode capacity = e.deepCopy();
            ((ObjectNode) capacity.get("registration")).put("capacity", 0);
            assertError(put(server, "", capacity.toString(), null), 400, "invalid_event");

            assertError(put(server, "", "{\"name\":", null), 400, "invalid_event");
            assertError(put(server, "", "", null), 400, "bad_json");
            assertThat(server.get("/api/event").json().get("name").asText()).isEqualTo(name);
            assertThat(put(server, "", e.toString(), null).json().get("changes").size()).isZero();
        }
    }

    @Test
    void removing_a_talk_that_has_check_ins_needs_the_organizers_word() throws IOException {
        try (TestServer server = start()) {
            String code = server.register("Ada Lovelace", "ada@example.com").get("code").asText();
            assertThat(server.post("/api/checkins", "{\"code\":\"" + code + "\",\"list\":\"how-workers-work\"}", TestServer.ADMIN_TOKEN).status())
                    .isEqualTo(201);
            ObjectNode e = file(server);
            ((ArrayNode) e.get("talks")).remove(0);

            TestServer.Response refused = put(server, "", e.toString(), null);
            assertError(refused, 409, "lists_have_checkins");
            assertThat(refused.json().at("/lists/how-workers-work").asInt()).isEqualTo(1);
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).contains("how-workers-work");

            TestServer.Response dropped = put(server, "?dropLists=how-workers-work", e.toString(), null);
            assertThat(dropped.status()).as(dropped.body()).isEqualTo(200);
            assertThat(server.get("/api/event").json().get("lists").findValuesAsText("id")).doesNotContain("how-workers-work");
            // A talk without check-ins goes without asking.
            ((ArrayNode) e.get("talks")).remove(0);
            assertThat(put(server, "", e.toString(), null).status()).isEqualTo(200);
        }
    }

    @Test
    void the_public_page_can_tell_sold_out_and_closed_before_anyone_submits() throws IOException {
        try (TestServer server = start()) {
            JsonNode open = server.get("/api/registration").json();
            assertThat(open.get("open").asBoolean()).isTrue();
            assertThat(open.get("soldOut").asBoolean()).isFalse();
            assertThat(open.get("placesLeft").isNull()).isTrue();

            ObjectNode e = file(server);
            ((ObjectNode) e.get("registration")).put("capacity", 2);
            assertThat(put(server, "", e.toString(), null).status()).isEqualTo(200);
            server.register("Ada Lovelace", "ada@example.com");
            assertThat(server.get("/api/registration").json().get("placesLeft").asInt()).isEqualTo(1);
            assertThat(server.post("/api/registrations", "{\"name\":\"Grace\",\"email\":\"grace@example.com\"}").status()).isIn(200, 201, 202);
            JsonNode full = server.get("/api/registration").json();
            assertThat(full.get("soldOut").asBoolean()).isTrue();
            assertThat(full.get("placesLeft").asInt()).isZero();
            assertError(server.post("/api/registrations", "{\"name\":\"Linus\",\"email\":\"linus@example.com\"}"), 403, "sold_out");

            ((ObjectNode) e.get("registration")).put("open", false).putNull("capacity");
            assertThat(put(server, "", e.toString(), null).status()).isEqualTo(200);
            assertThat(server.get("/api/registration").json().get("open").asBoolean()).isFalse();
            assertThat(server.get("/api/event").json().get("registrationOpen").asBoolean()).isFalse();
            assertError(server.post("/api/registrations", "{\"name\":\"Linus\",\"email\":\"linus@example.com\"}"), 403, "registration_closed");
        }
    }

    @Test
    void only_staff_edit_the_event() throws IOException {
        try (TestServer server = start()) {
            String kiosk = server.createKiosk("Door").get("token").asText();
            String body = file(server).put("name", "Hijacked").toString();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/event"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
            assertThat(server.send(b.build()).status()).isEqualTo(401);
            assertThat(server.send(b.header("Authorization", "Bearer " + kiosk).build()).status()).isEqualTo(403);
            assertThat(server.get("/api/event").json().get("name").asText()).isNotEqualTo("Hijacked");
        }
    }
}
