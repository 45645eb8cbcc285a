package dev.usher.kiosk;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /kiosk/sw.js}: the kiosk's service worker, which keeps the kiosk page working with no
 * network. The script is a template with this build's id and the app shell (the files the page
 * loads) written into it, so every build of Usher is a new service worker to the browser, which
 * then installs the new shell and drops the old one.
 *
 * <p>The shell is found, not listed: the kiosk page's links and the files its modules name,
 * followed from {@code /kiosk/}, plus the decoders that {@code scanner.js} loads by relative URL.
 */
public final class KioskServiceWorker {
    /** A system property that overrides the build id (tests start build "A", then build "B"). */
    public static final String BUILD_PROPERTY = "usher.build";
    private static final String TEMPLATE = "/dev/usher/kiosk/sw.js";
    private static final String PUBLIC = "/public";
    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Paths in quotes that name a file the page may load: "/js/api.js", './jsqr-worker.js'. */
    private static final Pattern FILE_PATH = Pattern.compile("[\"'](\\.{0,2}/[A-Za-z0-9_./-]+\\.(?:js|css|wasm|svg|png|webmanifest))[\"']");
    /** scanner.js builds these URLs from '../vendor/' at run time: they are in no string to follow. */
    static final List<String> DECODERS = List.of(
            "/vendor/barcode-detector/ponyfill.js",
            "/vendor/barcode-detector/zxing-exported.js",
            "/vendor/zxing-wasm/zxing_reader.wasm",
            "/vendor/jsqr/jsQR.js");

    private final String build;
    private final byte[] script;

    public KioskServiceWorker(String build) {
        if (!BUILD_ID.matcher(build).matches()) {
            throw new IllegalArgumentException("a build id is 1-64 letters, digits and . _ : -, not '" + build + "'");
        }
        this.build = build;
        String shell = shell().stream().map(p -> "'" + p + "'").collect(Collectors.joining(",\n    "));
        this.script = text(TEMPLATE)
                .replace("'__BUILD__'", "'" + build + "'")
                .replace("'__SHELL__'", "\n    " + shell + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** This build's id: the {@value #BUILD_PROPERTY} system property, else the one Maven wrote at build time. */
    public static String currentBuild() {
        String override = System.getProperty(BUILD_PROPERTY);
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        Properties p = new Properties();
        try (InputStream in = KioskServiceWorker.class.getResourceAsStream("/dev/usher/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = p.getProperty("build.id", "");
        // Run from an IDE without Maven's resource filtering: still a valid, if unchanging, id.
        return id.isBlank() || id.contains("${") ? "unfiltered" : id;
    }

    public String build() {
        return build;
    }

    public void get(Context ctx) {
        // The browser compares the script byte for byte to find a new version: never a cached copy.
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/javascript; charset=utf-8").result(script);
    }

    /** The kiosk page and every file it loads, as URL paths, the page first. */
    static List<String> shell() {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>();
        found.add("/kiosk/");
        next.add("/kiosk/index.html");
        DECODERS.forEach(found::add);
        while (!next.isEmpty()) {
            String path = next.removeFirst();
            Matcher m = FILE_PATH.matcher(text(PUBLIC + path));
            while (m.find()) {
                String named = URI.create(path).resolve(m.group(1)).getPath();
                if (exists(named) && found.add(named) && !named.endsWith(".wasm") && !named.endsWith(".png")) {
                    next.add(named);
                }
            }
        }
        return List.copyOf(found);
    }

    private static boolean exists(String path) {
        return KioskServiceWorker.class.getResource(PUBLIC + path) != null;
    }

    private static String text(String resource) {
        try (InputStream in = KioskServiceWorker.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
