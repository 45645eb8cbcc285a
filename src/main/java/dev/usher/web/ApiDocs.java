package dev.usher.web;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of every route in the route table,
 * kept by hand in {@code src/main/resources/openapi.json} (OpenApiTest fails when it and the table
 * part); {@code GET /api/docs}: the page that renders it (Swagger UI, vendored).
 */
public final class ApiDocs {
    private final byte[] document;
    private final byte[] page;

    public ApiDocs() {
        this.document = resource("/openapi.json");
        this.page = resource("/public/docs/index.html");
    }

    public void document(Context ctx) {
        ctx.header("Cache-Control", "no-cache").contentType("application/json").result(document);
    }

    public void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] resource(String path) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
