package dev.usher.hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** Webhooks wired together: the endpoints and outbox, their sender, and the staff API. */
public record Hookroom(Webhooks events, HookSender sender, HookController controller) implements AutoCloseable {

    /** @param eventKeySign Ed25519 with the event key, for the {@code v1a} signature */
    public static Hookroom open(Database db, ObjectMapper json, RandomIds ids, SecureRandom random, Clock clock,
                                UnaryOperator<byte[]> eventKeySign) {
        Webhooks hooks = new Webhooks(db, json, ids, random, clock);
        HookSender sender = new HookSender(db, hooks, new HookSignature(eventKeySign), new RetrySchedule(random), clock);
        db.onCommit(sender::nudge);
        return new Hookroom(hooks, sender, new HookController(hooks, json));
    }

    @Override
    public void close() {
        sender.close();
    }
}
