package dev.usher.device;

import dev.usher.auth.DeviceTokens;
import dev.usher.auth.Principal;
import dev.usher.auth.Role;
import dev.usher.auth.TokenHash;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.web.ApiError;
import dev.usher.web.Text;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Creates, lists and revokes the devices at the doors, and recognises their tokens. */
public final class DeviceService implements DeviceTokens {
    static final int MAX_NAME = 60;
    /** How often a device's last-seen time is written: often enough to spot a dead kiosk. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(15);

    private final Database db;
    private final DeviceStore store;
    private final RandomIds ids;
    private final Clock clock;
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();
    private final List<Consumer<String>> revokeListeners = new CopyOnWriteArrayList<>();
    /**
     * Live devices by token hash (hex): every kiosk request needs its token recognised, and a database
     * read for each one competed with the door's writer for the CPU. Only tokens that matched a
     * live device are kept (a flood of wrong ones adds nothing); a revocation removes its device.
     */
    private final Map<String, Device> live = new ConcurrentHashMap<>();
    /** Counts revocations, so a look-up that raced one does not put the revoked device back. */
    private final AtomicLong revocations = new AtomicLong();

    public DeviceService(Database db, DeviceStore store, RandomIds ids, Clock clock) {
        this.db = db;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    /** A new device and its token; the token is shown this once and kept only as a hash. */
    public record Created(Device device, String token) {
    }

    public Created create(String rawName, Role role) {
        String name = Text.visible("invalid_name", "device name", rawName);
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiError.badRequest("invalid_name", "Give the device a name of 1-" + MAX_NAME + " characters, e.g. \"Door A\".");
        }
        String token = ids.token();
        Device device = new Device(ids.id(), name, role, clock.instant(), null, null);
        db.write(c -> {
            store.insert(c, device, TokenHash.of(token));
            return null;
        });
        return new Created(device, token);
    }

    public List<Device> list(Role role) {
        return db.read(c -> store.list(c, role));
    }

    public Device revoke(String id) {
        Instant now = clock.instant();
        Device revoked = db.write(c -> {
            Device d = store.find(c, id).orElseThrow(() -> ApiError.notFound("device_not_found", "No device with id " + id + "."));
            store.revoke(c, id, now);
            return store.find(c, id).orElse(d);
        });
        // Revocation takes effect at once, open streams included.
        revocations.incrementAndGet();
        live.values().removeIf(d -> d.id().equals(id));
        revokeListeners.forEach(l -> l.accept(id));
        return revoked;
    }

    /**
     * Another node revoked device {@code id} (null: something about devices changed while this node
     * was not listening): forget what is cached, and close that device's streams here too.
     */
    public void changedElsewhere(String id) {
        revocations.incrementAndGet();
        if (id == null) {
            live.clear();
            return;
        }
        live.values().removeIf(d -> d.id().equals(id));
        revokeListeners.forEach(l -> l.accept(id));
    }

    /** {@code listener} gets the id of every device revoked from now on. */
    public void onRevoke(Consumer<String> listener) {
        revokeListeners.add(listener);
    }

    /** The live device holding {@code token}; marks it seen now and then. */
    @Override
    public Optional<Principal> authenticate(String token) {
        byte[] hash = TokenHash.of(token);
        String key = HexFormat.of().formatHex(hash);
        Optional<Device> device = Optional.ofNullable(live.get(key));
        if (device.isEmpty()) {
            long before = revocations.get();
            device = db.read(c -> store.byTokenHash(c, hash));
            if (device.isPresent() && revocations.get() == before) {
                live.put(key, device.get());
                if (revocations.get() != before) {
                    live.remove(key);
                }
            }
        }
        device.ifPresent(this::touch);
        return device.map(d -> new Principal(d.role(), d.id(), d.name()));
    }

    /** Devices that hold a live stream open are seen now, whether or not they sent a request. */
    public void seen(Set<String> deviceIds) {
        Instant now = clock.instant();
        db.write(c -> {
            for (String id : deviceIds) {
                store.touch(c, id, now);
            }
            return null;
        });
        deviceIds.forEach(id -> lastTouched.put(id, now));
    }

    private void touch(Device d) {
        Instant now = clock.instant();
        Instant last = lastTouched.get(d.id());
        if (last != null && Duration.between(last, now).compareTo(TOUCH_EVERY) < 0) {
            return;
        }
        lastTouched.put(d.id(), now);
        db.write(c -> {
            store.touch(c, d.id(), now);
            return null;
        });
    }
}
