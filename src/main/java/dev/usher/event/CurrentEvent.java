package dev.usher.event;

import dev.usher.store.Sha256;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The event as it stands now. Staff can edit it while Usher runs, so services hold this and read
 * {@link #get()} when they act, never a copy taken at start-up. The revision names one version of
 * the stored event file (a hash of its text), so it is the same after a restart and serves as an
 * HTTP entity tag.
 */
public final class CurrentEvent implements Supplier<Event> {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Version version;

    /** One event with the file text it was stored as. */
    public record Version(Event event, String definition, String revision) {
        static Version of(Event event, String definition) {
            return new Version(event, definition, revisionOf(definition));
        }
    }

    CurrentEvent(Event event, String definition) {
        this.version = Version.of(event, definition);
    }

    @Override
    public Event get() {
        return version.event();
    }

    public Version version() {
        return version;
    }

    public String revision() {
        return version.revision();
    }

    /** {@code listener} runs after every change, on the thread that made it. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void replace(Event event, String definition) {
        version = Version.of(event, definition);
        listeners.forEach(Runnable::run);
    }

    static String revisionOf(String definition) {
        return HexFormat.of().formatHex(Sha256.of(definition)).substring(0, 16);
    }
}
