package dev.usher.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Jetty refuses before Usher sees them (a path that is not valid UTF-8, an over-long URI)
 * get the same JSON error shape as every other 4xx, not Jetty's HTML page.
 */
public final class JsonErrorPages extends ErrorHandler {
    private final ObjectMapper json;

    public JsonErrorPages(ObjectMapper json) {
        this.json = json;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; an API answers every method in JSON. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        byte[] body;
        try {
            body = json.writeValueAsBytes(new ApiError.Body(ApiError.codeFor(code), reason));
        } catch (JsonProcessingException e) {
            body = "{\"error\":\"bad_request\",\"message\":\"Bad request\"}".getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
