package dev.usher.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.ApiContract;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import dev.usher.auth.Role;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * src/main/resources/openapi.json cannot drift from the route table: every route is documented with
 * the roles it takes, nothing else is, and an independent reader (swagger-parser) finds no fault in
 * it. That every JSON answer matches its schema is checked in every HTTP test ({@link ApiContract}).
 */
class OpenApiTest extends ServerTest {
    static final Path DOCUMENT = Path.of("src", "main", "resources", "openapi.json");

    private List<Endpoint> routes() {
        return server.app().unsafe.internalRouter.allHttpHandlers().stream()
                .map((ParsedEndpoint p) -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .toList();
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    /** The route's roles as the document names them in x-usher-roles. */
    private static Set<String> roles(Endpoint e) {
        Roles roles = e.metadata(Roles.class);
        return roles == null ? Set.of() : roles.getRoles().stream().filter(Role.class::isInstance)
                .map(r -> ((Role) r).wire()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void every_route_in_the_table_is_documented_with_the_roles_it_takes() {
        Set<String> documented = ApiContract.SERVED.operations().stream().map(o -> key(o.method(), o.template())).collect(Collectors.toSet());
        List<Endpoint> routes = routes();
        assertThat(routes).hasSizeGreaterThan(40);
        assertThat(routes.stream().map(e -> key(e.method.name(), e.path))).allSatisfy(k -> assertThat(documented).as("documented operations").contains(k));
        for (ApiContract.Operation op : ApiContract.SERVED.operations()) {
            Endpoint route = routes.stream().filter(e -> key(e.method.name(), e.path).equals(key(op.method(), op.template()))).findFirst().orElseThrow();
            Set<String> declared = StreamSupport.stream(op.node().path("x-usher-roles").spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(declared).as("x-usher-roles of %s %s", op.method(), op.template()).isEqualTo(roles(route));
            Set<String> security = StreamSupport.stream(op.node().path("security").spliterator(), false)
                    .flatMap(s -> StreamSupport.stream(((Iterable<String>) s::fieldNames).spliterator(), false))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = new TreeSet<>(declared);
            expected.remove(Role.ANYONE.wire());
            assertThat(security).as("security of %s %s", op.method(), op.template()).isEqualTo(expected);
        }
    }

    @Test
    void every_documented_operation_is_a_route() {
        Set<String> routes = routes().stream().map(e -> key(e.method.name(), e.path)).collect(Collectors.toSet());
        assertThat(ApiContract.SERVED.operations()).isNotEmpty()
                .allSatisfy(o -> assertThat(routes).as("routes in App").contains(key(o.method(), o.template())));
    }

    @Test
    void the_document_is_valid_openapi_3_1_for_swagger_parser() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(Files.readString(DOCUMENT), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsOnlyKeys("admin", "kiosk", "viewer");
    }

    @Test
    void an_answer_unlike_its_schema_fails_with_the_route_the_status_and_what_is_wrong() {
        ApiContract contract = ApiContract.SERVED;
        assertThatThrownBy(() -> contract.check("POST", "/api/checkins", 201, "application/json", "{\"status\": 5, \"title\": \"Welcome\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("POST /api/checkins answered 201")
                .hasMessageContaining("message").hasMessageContaining("status");
        // An error status no operation lists falls to `default`: the error shape.
        assertThatThrownBy(() -> contract.check("GET", "/api/tickets/abc", 418, "application/json", "{\"oops\": true}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GET /api/tickets/{id} answered 418");
        contract.check("GET", "/api/tickets/abc", 404, "application/json", "{\"error\": \"ticket_not_found\", \"message\": \"No ticket with that id.\"}");
        // Not described, or not JSON: not checked.
        contract.check("GET", "/nonsense", 404, "application/json", "{}");
        contract.check("GET", "/api/checkins.csv", 200, "text/csv", "a,b");
    }

    @Test
    void the_document_is_served_as_it_is_kept() throws IOException {
        TestServer.Response r = server.get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(r.body())).isEqualTo(json.readTree(Files.readString(DOCUMENT)));
    }

    @Test
    void the_reference_page_is_served_with_its_vendored_viewer() {
        TestServer.Response page = server.get("/api/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("/vendor/swagger-ui-dist/swagger-ui-bundle.js", "/docs/docs.js");
        for (String file : new String[] {"/vendor/swagger-ui-dist/swagger-ui-bundle.js", "/vendor/swagger-ui-dist/swagger-ui.css", "/docs/docs.js"}) {
            assertThat(server.get(file).status()).as(file).isEqualTo(200);
        }
    }
}
