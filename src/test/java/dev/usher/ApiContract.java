package dev.usher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The served OpenAPI document (src/main/resources/openapi.json) as a contract for answers:
 * {@link TestServer#send} hands every answer to {@link #check}, which validates a JSON body against
 * the schema the document gives for its route and status, so an answer that drifts from the
 * document fails the test that got it.
 */
public final class ApiContract {
    /** Where the document's own {@code $ref}s ("#/components/schemas/...") resolve: it is never fetched. */
    private static final String IRI = "https://usher.invalid/openapi.json";
    /** One per test JVM: the document does not change while tests run, and compiling schemas is slow. */
    public static final ApiContract SERVED = new ApiContract(resource());

    /** A documented operation; {@code pointer} is its JSON pointer in the document. */
    public record Operation(String method, String template, Pattern pattern, JsonNode node, String pointer) {
        int parameters() {
            return template.split("\\{", -1).length - 1;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations;
    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private ApiContract(String text) {
        try {
            this.document = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> m = methods.next();
                if (m.getKey().equals("parameters")) {
                    continue;
                }
                ops.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern(path.getKey()), m.getValue(),
                        "/paths/" + escape(path.getKey()) + "/" + m.getKey()));
            }
        }
        // "/api/tickets/import" before "/api/tickets/{id}": a literal segment wins, as in Javalin.
        ops.sort(Comparator.comparingInt(Operation::parameters));
        this.operations = List.copyOf(ops);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(IRI, text)));
    }

    public JsonNode document() {
        return document;
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * Throws AssertionError when a JSON answer of a documented route does not match its schema,
     * or when the document has no answer for the status. Paths the document does not describe
     * (static files, nonsense) and answers without a JSON body are not checked.
     */
    public void check(String method, String rawPath, int status, String contentType, String body) {
        if (body == null || body.isEmpty() || contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return;
        }
        Operation op = operations.stream().filter(o -> o.method().equals(method) && o.pattern().matcher(rawPath).matches())
                .findFirst().orElse(null);
        if (op == null) {
            return;
        }
        String route = method + " " + op.template();
        String key = op.node().path("responses").has(Integer.toString(status)) ? Integer.toString(status) : "default";
        JsonNode answer = op.node().path("responses").path(key);
        String pointer = op.pointer() + "/responses/" + key;
        if (answer.isMissingNode()) {
            throw new AssertionError(route + " answered " + status + ", which /api/openapi.json does not document (and it has no default): " + body);
        }
        if (answer.has("$ref")) {
            pointer = answer.get("$ref").asText().substring(1);
            answer = document.at(pointer);
        }
        JsonNode schemaNode = answer.path("content").path("application/json").path("schema");
        if (schemaNode.isMissingNode()) {
            throw new AssertionError(route + " answered " + status + " with JSON, but /api/openapi.json gives no JSON answer for it: " + body);
        }
        String schemaPointer = pointer + "/content/application~1json/schema";
        Schema schema = compiled.computeIfAbsent(schemaPointer,
                p -> registry.getSchema(SchemaLocation.of(IRI + "#" + p), absoluteRefs(schemaNode.deepCopy()).toString(), InputFormat.JSON));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(route + " answered " + status + " unlike its schema in /api/openapi.json ("
                    + schemaPointer + "): " + errors.stream().map(Error::toString).collect(Collectors.joining("; "))
                    + "\nbody: " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body));
        }
    }

    /** The schema apart from its document: its "#/components/..." references made to point into the document. */
    private static JsonNode absoluteRefs(JsonNode node) {
        if (node instanceof ObjectNode o && o.path("$ref").asText().startsWith("#")) {
            o.put("$ref", IRI + o.get("$ref").asText());
        }
        node.forEach(ApiContract::absoluteRefs);
        return node;
    }

    private static Pattern pattern(String template) {
        StringBuilder re = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            re.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String resource() {
        try (InputStream in = ApiContract.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
