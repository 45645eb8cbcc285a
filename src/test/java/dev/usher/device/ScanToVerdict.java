package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.TestServer;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the real kiosk page from a frame reaching its camera to the verdict on its screen.
 *
 * <p>Before the page's scripts run, {@code getUserMedia} is replaced by a stream captured from a
 * canvas. Each scan draws one ticket's QR code (the PNG the server renders for the attendee) on that
 * canvas, notes {@code performance.now()} at the draw, and waits until {@code #verdict} names that
 * ticket; the page's {@code body.dataset.lastVerdictAt} says when it was put on screen. The canvas is
 * blanked between scans, and every scan uses a different ticket, so the page's 5 s same-code pause
 * never applies. The page's {@code fetch} is wrapped to split each scan into decoding (draw to
 * request), the check-in request, and showing the answer.
 */
final class ScanToVerdict {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** Time with a blank frame before each scan, as between two people at the door. */
    static final Duration BLANK = Duration.ofMillis(400);

    /** One scan's times in milliseconds, all from the page's clock. */
    record Scan(String name, String verdict, double total, double decode, double request, double render) {
    }

    /**
     * A main-thread task of more than 50 ms while the counted scans ran (a {@code longtask} entry),
     * with what ran in it when the page's long-animation-frame entry names it: {@code culprit} is
     * the longest script of the frame that holds the task ("invoker @ source:function, N ms"), or
     * "unattributed".
     */
    record LongTask(double start, double duration, String culprit) {
    }

    /**
     * {@code warmups}: the first scans on the fresh page, not in the figures. {@code cpuSlowdown}:
     * the page's main thread ran that many times slower (1: full speed). {@code workerTrips}: each
     * frame's round trip to a decoder worker during the counted scans, in ms (none when the page
     * decodes on its main thread).
     */
    record Result(String decoder, int cpuSlowdown, List<Scan> warmups, List<Scan> scans, List<LongTask> longTasks,
                  double[] workerTrips) {
        double[] totals() {
            return scans.stream().mapToDouble(Scan::total).sorted().toArray();
        }

        double median() {
            return percentile(totals(), 50);
        }

        double p95() {
            return percentile(totals(), 95);
        }

        String summary() {
            double[] sorted = totals();
            return String.format(Locale.ROOT, "scan-to-verdict on the kiosk page%s: n=%d, median %.0f ms, p95 %.0f ms, min %.0f ms,"
                            + " max %.0f ms (decoder %s)%n  median parts: decode %.0f ms, check-in request %.0f ms,"
                            + " verdict on screen %.0f ms",
                    cpuSlowdown > 1 ? ", CPU throttled " + cpuSlowdown + "x" : "",
                    sorted.length, median(), p95(), sorted[0], sorted[sorted.length - 1], decoder,
                    medianOf(scans.stream().mapToDouble(Scan::decode).toArray()),
                    medianOf(scans.stream().mapToDouble(Scan::request).toArray()),
                    medianOf(scans.stream().mapToDouble(Scan::render).toArray()))
                    + (warmups.isEmpty() ? "" : String.format(Locale.ROOT, "%n  first scan on the fresh page (not counted): %.0f ms",
                    warmups.get(0).total()))
                    + String.format(Locale.ROOT, "%n  main-thread tasks > 50 ms during the counted scans: %d%s", longTasks.size(),
                    longTasks.isEmpty() ? "" : String.format(Locale.ROOT, ", longest %.0f ms", longest().duration()))
                    + culprits()
                    + (workerTrips.length == 0 ? "" : String.format(Locale.ROOT,
                    "%n  frames decoded in the worker: %d, round trip median %.0f ms, max %.0f ms",
                    workerTrips.length, medianOf(workerTrips), Arrays.stream(workerTrips).max().orElse(0)));
        }

        LongTask longest() {
            return longTasks.stream().max(Comparator.comparingDouble(LongTask::duration)).orElse(null);
        }

        /** The long tasks grouped by culprit, most frequent first, at most five lines. */
        private String culprits() {
            Map<String, List<LongTask>> byCulprit = new TreeMap<>();
            for (LongTask t : longTasks) {
                byCulprit.computeIfAbsent(t.culprit(), k -> new ArrayList<>()).add(t);
            }
            StringBuilder out = new StringBuilder();
            byCulprit.entrySet().stream()
                    .sorted((a, b) -> b.getValue().size() - a.getValue().size())
                    .limit(5)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "%n    %d x (max %.0f ms) %s", e.getValue().size(),
                            e.getValue().stream().mapToDouble(LongTask::duration).max().orElse(0), e.getKey())));
            return out.toString();
        }
    }

    /** Installed before the page's own scripts: the fake camera and the request log. */
    private static final String FAKE_CAMERA = """
            (() => {
                const canvas = document.createElement('canvas');
                canvas.width = %d;
                canvas.height = %d;
                const ctx = canvas.getContext('2d');
                const blank = () => { ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height); };
                blank();
                const bench = { canvas, ctx, blank, images: [], requests: [], longTasks: [], frames: [] };
                window.__bench = bench;
                // Main-thread tasks over 50 ms, and the long animation frames that say which script ran.
                const observe = (type, into) => {
                    try {
                        new PerformanceObserver((list) => into.push(...list.getEntries())).observe({ type, buffered: true });
                    } catch (e) {
                        // An entry type this browser does not have: nothing to collect.
                    }
                };
                observe('longtask', bench.longTasks);
                observe('long-animation-frame', bench.frames);
                // Each frame's round trip to a decoder worker (a message with an id, the answer with it).
                bench.workerTrips = [];
                const NativeWorker = window.Worker;
                window.Worker = class extends NativeWorker {
                    constructor(...args) {
                        super(...args);
                        this.sentAt = new Map();
                        this.addEventListener('message', ({ data }) => {
                            const at = data ? this.sentAt.get(data.id) : undefined;
                            if (at !== undefined) {
                                this.sentAt.delete(data.id);
                                bench.workerTrips.push({ at, ms: performance.now() - at });
                            }
                        });
                    }
                    postMessage(message, transfer) {
                        if (message && message.id !== undefined) {
                            this.sentAt.set(message.id, performance.now());
                        }
                        return super.postMessage(message, transfer);
                    }
                };
                navigator.mediaDevices.getUserMedia = async () => {
                    const stream = canvas.captureStream();
                    // A canvas stream has a frame only once the canvas is painted after capture starts.
                    requestAnimationFrame(blank);
                    return stream;
                };
                const fetch = window.fetch.bind(window);
                window.fetch = async (input, init) => {
                    const url = String(input && input.url ? input.url : input);
                    const start = performance.now();
                    const response = await fetch(input, init);
                    if (url.includes('/api/checkins')) {
                        bench.requests.push({ start, end: performance.now() });
                    }
                    return response;
                };
            })();
            """.formatted(WIDTH, HEIGHT);

    private static final String LOAD_IMAGES = """
            const urls = arguments[0];
            const done = arguments[arguments.length - 1];
            Promise.all(urls.map(async (url) => {
                const img = new Image();
                img.src = url;
                await img.decode();
                return img;
            })).then((images) => { window.__bench.images = images; done(images.length); },
                     (e) => done('failed: ' + e));
            """;

    /** Draws image i centred at 90 % of the frame's height and returns the time of the draw. */
    private static final String SHOW = """
            const b = window.__bench;
            const img = b.images[arguments[0]];
            const side = Math.round(b.canvas.height * 0.9);
            b.blank();
            b.ctx.imageSmoothingEnabled = false;
            const at = performance.now();
            b.ctx.drawImage(img, (b.canvas.width - side) / 2, (b.canvas.height - side) / 2, side, side);
            b.requests.length = 0;
            return at;
            """;

    private static final String AWAIT_VERDICT = """
            const [name, shownAt] = arguments;
            const done = arguments[arguments.length - 1];
            // Woken by the page's own change of data-last-verdict-at: no polling competes with the page.
            const observer = new MutationObserver(() => check());
            const check = () => {
                const at = Number(document.body.dataset.lastVerdictAt || 0);
                const title = document.getElementById('verdict-title').textContent;
                if (at > shownAt && title.includes(name)) {
                    observer.disconnect();
                    const r = window.__bench.requests[0] || { start: NaN, end: NaN };
                    done({ at, verdict: document.getElementById('verdict').dataset.verdict,
                           requestStart: r.start, requestEnd: r.end });
                }
            };
            observer.observe(document.body, { attributes: true, attributeFilter: ['data-last-verdict-at'] });
            check();
            """;

    /**
     * Since {@code from} on the page's clock: the long tasks, each with the longest script of the
     * long animation frame that overlaps it most, and the worker round trips.
     */
    private static final String MAIN_THREAD = """
            const from = arguments[0];
            const b = window.__bench;
            const tasks = b.longTasks.filter((t) => t.startTime >= from).map((t) => {
                // The long animation frame that overlaps the task most.
                const overlap = (f) => Math.min(f.startTime + f.duration, t.startTime + t.duration)
                        - Math.max(f.startTime, t.startTime);
                const frame = b.frames.filter((f) => overlap(f) > 0).sort((x, y) => overlap(y) - overlap(x))[0];
                const scripts = frame ? [...frame.scripts].sort((x, y) => y.duration - x.duration) : [];
                const s = scripts[0];
                const where = s ? (s.sourceURL || '').replace(location.origin, '') + ':' + (s.sourceFunctionName || '?') : '';
                return { start: t.startTime, duration: t.duration,
                         culprit: s ? `${s.invokerType} ${s.invoker} @ ${where}` : 'unattributed' };
            });
            return { tasks, workerTrips: b.workerTrips.filter((t) => t.at >= from).map((t) => t.ms) };
            """;

    private ScanToVerdict() {
    }

    /**
     * Opens the kiosk page in its own browser, paired as a new kiosk, and scans {@code warmups} then
     * {@code count} fresh tickets; {@code label} keeps the names and emails of several runs on one
     * server apart. The first scans on a fresh page are slower (WebAssembly and JavaScript still
     * warming up): warm-up scans are reported apart.
     */
    static Result run(TestServer server, String label, int warmups, int count) {
        return run(server, label, warmups, count, 1);
    }

    /**
     * The same with the page's CPU {@code cpuSlowdown} times slower (DevTools'
     * {@code Emulation.setCPUThrottlingRate}; 1 is full speed), as on a low-end phone.
     */
    static Result run(TestServer server, String label, int warmups, int count, int cpuSlowdown) {
        int total = warmups + count;
        List<String> names = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String name = String.format(Locale.ROOT, "%s Attendee %03d", label, i + 1);
            JsonNode ticket = server.register(name, label.toLowerCase() + (i + 1) + "@example.com");
            names.add(name);
            urls.add(server.baseUrl() + "/t/" + ticket.get("code").asText() + "/qr.png?scale=4");
        }
        String door = label + " door";
        JsonNode kiosk = server.createKiosk(door);

        try (Browser browser = Browser.open(Browser.Window.DESKTOP)) {
            browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FAKE_CAMERA));
            if (cpuSlowdown > 1) {
                browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", cpuSlowdown));
            }
            browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            browser.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
            browser.waitUntil("the kiosk shows its name",
                    d -> door.equals(d.findElement(By.id("kiosk-name")).getText()));
            Object loaded = browser.driver().executeAsyncScript(LOAD_IMAGES, urls);
            if (!Long.valueOf(total).equals(loaded)) {
                throw new AssertionError("could not load the QR images: " + loaded);
            }
            browser.find(By.id("start")).click();
            // The decoder (a megabyte of WebAssembly to compile) may take a while on a busy machine.
            browser.waitUntil(d -> browser.script("return document.body.dataset.decoder || null"), Duration.ofSeconds(20));
            String decoder = (String) browser.script("return document.body.dataset.decoder");

            List<Scan> scans = new ArrayList<>();
            double countedFrom = Double.NaN;
            for (int i = 0; i < total; i++) {
                browser.script("window.__bench.blank()");
                sleep(BLANK);
                if (i == warmups) {
                    countedFrom = ((Number) browser.script("return performance.now()")).doubleValue();
                }
                double shownAt = ((Number) browser.script(SHOW, i)).doubleValue();
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) browser.driver()
                        .executeAsyncScript(AWAIT_VERDICT, names.get(i), shownAt);
                double at = number(v.get("at"));
                double start = number(v.get("requestStart"));
                double end = number(v.get("requestEnd"));
                scans.add(new Scan(names.get(i), (String) v.get("verdict"),
                        at - shownAt, start - shownAt, end - start, at - end));
            }
            browser.script("window.__bench.blank()");
            @SuppressWarnings("unchecked")
            Map<String, List<?>> page = (Map<String, List<?>>) browser.script(MAIN_THREAD, countedFrom);
            @SuppressWarnings("unchecked")
            List<LongTask> longTasks = ((List<Map<String, Object>>) page.get("tasks")).stream()
                    .map(t -> new LongTask(number(t.get("start")), number(t.get("duration")), (String) t.get("culprit")))
                    .toList();
            double[] trips = page.get("workerTrips").stream().mapToDouble(ScanToVerdict::number).toArray();
            return new Result(decoder, cpuSlowdown, scans.subList(0, warmups), scans.subList(warmups, total), longTasks, trips);
        }
    }

    static double percentile(double[] sorted, double p) {
        // Nearest rank: the smallest value with at least p % of the values at or below it.
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }

    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
