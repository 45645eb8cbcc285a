package dev.usher.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.ser.LocalTimeSerializer;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The one JSON configuration, and request-body reading that turns every failure into a 400. */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule()
                        .addSerializer(LocalTime.class, new LocalTimeSerializer(DateTimeFormatter.ofPattern("HH:mm"))))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        // "name": 5 or "code": true is a client bug, not a name or a code: refuse it instead of guessing.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The body as UTF-8 text, whatever charset the request claims: JSON is UTF-8 (RFC 8259), and
     * Javalin's own decoding throws on an unknown charset name.
     */
    public static String text(Context ctx) {
        return new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
    }

    /** True when the request has no body, or only white space. */
    public static boolean isEmpty(Context ctx) {
        return text(ctx).isBlank();
    }

    /** Reads the body as {@code type}; a body that is not a JSON object of that shape is a 400. */
    public static <T> T body(Context ctx, ObjectMapper mapper, Class<T> type) {
        String text = text(ctx);
        if (text.isBlank()) {
            throw ApiError.badRequest("bad_json", "The request needs a JSON body.");
        }
        requireJsonContentType(ctx);
        try {
            T value = mapper.readValue(text, type);
            if (value == null) {
                throw ApiError.badRequest("bad_json", "The request body must be a JSON object.");
            }
            return value;
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw ApiError.badRequest("bad_json", field == null
                    ? "The request body must be a JSON object."
                    : "The field '" + field + "' has the wrong type.");
        } catch (JacksonException e) {
            throw ApiError.badRequest("bad_json", "The request body is not valid JSON.");
        }
    }

    /**
     * A JSON body must say so. Browsers send {@code application/json} cross-site only after a CORS
     * preflight (which we never answer), while a plain form post ({@code text/plain}) needs none:
     * insisting on the type keeps other sites' pages from posting JSON-looking forms to us.
     */
    public static void requireJsonContentType(Context ctx) {
        // The raw header: the servlet API parses the charset and throws on a name it does not know.
        String type = ctx.req().getHeader("Content-Type");
        String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!bare.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
        }
    }
}
