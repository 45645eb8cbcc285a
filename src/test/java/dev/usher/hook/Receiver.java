package dev.usher.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** A real HTTP receiver in the test JVM: keeps every request, answers what {@code status} says. */
final class Receiver implements AutoCloseable {
    record Call(String id, String timestamp, String signature, String body, long receivedNanos) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String type() {
            return json().get("type").asText();
        }
    }

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    /**
     * Calls {@link #next} passed over while looking for another type: the sender delivers up to 32
     * events to one endpoint at once, so they may arrive in any order, and one passed over must
     * still be there when a test asks for its type.
     */
    private final List<Call> passedOver = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpServer server;
    private volatile IntSupplier status = () -> 204;
    private volatile Map<String, String> headers = Map.of();
    private volatile long delayMs;

    Receiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            total.incrementAndGet();
            calls.add(new Call(exchange.getRequestHeaders().getFirst("webhook-id"), exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, System.nanoTime()));
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs); // the slow receiver of the benchmark and the isolation test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
    }

    Receiver() {
        this(0);
    }

    /** Every request received so far, taken from {@link #calls} or not. */
    int total() {
        return total.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    void answer(IntSupplier status) {
        this.status = status;
    }

    void answerHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    void delay(long ms) {
        this.delayMs = ms;
    }

    /** Forgets every call received so far, waiting or passed over. */
    void forget() {
        calls.clear();
        passedOver.clear();
    }

    /** The next call of this type, keeping others for later; fails after {@code within}. */
    Call next(String type, Duration within) throws InterruptedException {
        for (Iterator<Call> it = passedOver.iterator(); it.hasNext(); ) {
            Call c = it.next();
            if (c.type().equals(type)) {
                it.remove();
                return c;
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Call c = calls.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (c == null) {
                throw new AssertionError("no " + type + " call within " + within);
            }
            if (c.type().equals(type)) {
                return c;
            }
            passedOver.add(c);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
