package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.Browser;
import dev.usher.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Door throughput: the real kiosk page with Chromium's fake camera playing a Y4M video of one
 * ticket after another, as people step up to the door. Each ticket's QR code is shown for
 * {@code shown}, then a blank frame for {@code gap} (the next person stepping up); a blank lead-in
 * first lets the page load its decoder, as a kiosk is open before the doors are. Every ticket in
 * the video is a different one, so one pass of the video is {@code tickets} people; the camera
 * loops after that, and the same tickets again are "already checked in".
 *
 * <p>The page's verdicts are collected as it shows them (a MutationObserver on
 * {@code body[data-last-verdict-at]}), the server's count from {@code GET /api/stats}.
 */
final class DoorThroughput {
    /** The door's pace: {@code tickets} people, each showing a code for {@code shown} after {@code gap}. */
    record Pace(int tickets, Duration shown, Duration gap, Duration leadIn) {
        Pace {
            if (tickets < 1 || shown.toMillis() < 100 || gap.isNegative() || leadIn.isNegative()) {
                throw new IllegalArgumentException("a pace needs tickets >= 1, shown >= 100 ms, no negative times");
            }
        }

        /** One person: a blank frame, then the code. */
        Duration period() {
            return shown.plus(gap);
        }

        double offeredPerMinute() {
            return 60_000.0 / period().toMillis();
        }

        /** Lead-in plus one pass over every ticket. */
        Duration pass() {
            return leadIn.plus(period().multipliedBy(tickets));
        }
    }

    /** A verdict the page showed: when (page clock, from the camera's start), what, for whom. */
    record Verdict(double at, String kind, String title) {
    }

    /** The tickets issued for a pace and the video that shows them, in order. */
    record Door(Pace pace, String kioskName, List<String> names, Path video) {
        /** The Chromium switches for a fake camera that plays the video. */
        String[] cameraArgs() {
            return new String[] {"--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-video-capture=" + video.toAbsolutePath()};
        }
    }

    /**
     * {@code verdicts}: all the page showed during the window (times from the camera's start);
     * {@code windowMs}: the time watched after the lead-in; {@code serverAdmitted}: the kiosk's
     * admissions in {@code GET /api/stats}; {@code frameCallbacks}: the page's video frame
     * callbacks during the window (the scanner asks for one after each decode).
     */
    record Result(Pace pace, int cpuSlowdown, String decoder, List<Verdict> verdicts, double windowMs, int serverAdmitted,
                  int frameCallbacks) {
        /** Distinct people welcomed. */
        int admitted() {
            Set<String> names = new HashSet<>();
            verdicts.stream().filter(v -> "ok".equals(v.kind())).forEach(v -> names.add(v.title()));
            return names.size();
        }

        long already() {
            return verdicts.stream().filter(v -> "already".equals(v.kind())).count();
        }

        long other() {
            return verdicts.stream().filter(v -> !"ok".equals(v.kind()) && !"already".equals(v.kind())).count();
        }

        /**
         * The camera's real time per person, in ms: the slope of the first welcome of each ticket
         * against its place in the video (least squares). Chromium's file camera runs a few per
         * cent slower than the file's frame rate, more on a loaded machine; the nominal period
         * when fewer than two were welcomed.
         */
        double period(List<String> names) {
            double[][] points = firstWelcomes(names);
            if (points.length < 2) {
                return pace.period().toMillis();
            }
            double mx = Arrays.stream(points).mapToDouble(p -> p[0]).average().orElse(0);
            double my = Arrays.stream(points).mapToDouble(p -> p[1]).average().orElse(0);
            double sxy = Arrays.stream(points).mapToDouble(p -> (p[0] - mx) * (p[1] - my)).sum();
            double sxx = Arrays.stream(points).mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
            return sxy / sxx;
        }

        /** Admitted per minute of the camera's real time for one pass (lead-in excluded). */
        double admittedPerMinute(List<String> names) {
            return admitted() * 60_000.0 / (pace.tickets() * period(names));
        }

        /**
         * How much later than the camera's pace each welcome came, in ms, sorted: each welcome's
         * distance above the fitted line, less the smallest. A person the kiosk held up stands out
         * by the time they were held.
         */
        double[] heldUp(List<String> names) {
            double[][] points = firstWelcomes(names);
            if (points.length < 2) {
                return new double[0];
            }
            double b = period(names);
            double mx = Arrays.stream(points).mapToDouble(p -> p[0]).average().orElse(0);
            double my = Arrays.stream(points).mapToDouble(p -> p[1]).average().orElse(0);
            double[] residuals = Arrays.stream(points).mapToDouble(p -> p[1] - (my + b * (p[0] - mx))).toArray();
            double min = Arrays.stream(residuals).min().orElse(0);
            return Arrays.stream(residuals).map(r -> r - min).sorted().toArray();
        }

        /** {ticket's place in the video, time of its first welcome} for every ticket welcomed. */
        private double[][] firstWelcomes(List<String> names) {
            Map<Integer, Double> first = new TreeMap<>();
            for (Verdict v : verdicts) {
                int i = indexOf(names, v.title());
                if ("ok".equals(v.kind()) && i >= 0) {
                    first.putIfAbsent(i, v.at());
                }
            }
            return first.entrySet().stream().map(e -> new double[] {e.getKey(), e.getValue()}).toArray(double[][]::new);
        }

        String summary(List<String> names) {
            double[] held = heldUp(names);
            double period = period(names);
            return String.format(Locale.ROOT, "door throughput%s: %d tickets in turn, each %.1f s after %.1f s blank"
                            + " (%.1f people/min; the camera really ran %.2f s per person, %.1f/min):"
                            + " %d admitted = %.1f admitted/min (decoder %s)%n"
                            + "  server: %d admitted by this kiosk; page: %d already checked in, %d other verdicts, %d tickets never admitted%n"
                            + "  welcome later than the camera's pace (held up): median %.0f ms, max %.0f ms%n"
                            + "  video frame callbacks on the page: %.1f/s (the camera sends up to %d/s)",
                    cpuSlowdown > 1 ? ", CPU throttled " + cpuSlowdown + "x" : "",
                    pace.tickets(), pace.shown().toMillis() / 1000.0, pace.gap().toMillis() / 1000.0, pace.offeredPerMinute(),
                    period / 1000, 60_000 / period, admitted(), admittedPerMinute(names), decoder,
                    serverAdmitted, already(), other(), pace.tickets() - admitted(),
                    held.length == 0 ? Double.NaN : ScanToVerdict.percentile(held, 50),
                    held.length == 0 ? Double.NaN : held[held.length - 1],
                    frameCallbacks * 1000.0 / windowMs, Y4m.FPS);
        }

        /** One line per verdict: slowdown, the ticket's place in the video (-1: none of them), kind, when. */
        String csv(List<String> names) {
            StringBuilder out = new StringBuilder();
            for (Verdict v : verdicts) {
                out.append(String.format(Locale.ROOT, "%d,%d,%s,%.1f%n", cpuSlowdown, indexOf(names, v.title()), v.kind(), v.at()));
            }
            return out.toString();
        }

        private static int indexOf(List<String> names, String title) {
            for (int i = 0; i < names.size(); i++) {
                if (title.contains(names.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Installed before the page's scripts: notes when the camera opened and every verdict shown. */
    private static final String RECORDER = """
            (() => {
                const door = { cameraAt: null, verdicts: [] };
                window.__door = door;
                const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                navigator.mediaDevices.getUserMedia = async (constraints) => {
                    const stream = await getUserMedia(constraints);
                    door.cameraAt = performance.now();
                    return stream;
                };
                // Frames the page's <video> presented, as its requestVideoFrameCallback saw them.
                door.frames = [];
                const request = HTMLVideoElement.prototype.requestVideoFrameCallback;
                HTMLVideoElement.prototype.requestVideoFrameCallback = function (callback) {
                    return request.call(this, (now, meta) => {
                        door.frames.push(now);
                        callback(now, meta);
                    });
                };
                const note = () => {
                    const b = document.body.dataset;
                    door.verdicts.push({ at: Number(b.lastVerdictAt), kind: b.lastVerdict,
                                         title: document.getElementById('verdict-title').textContent });
                };
                document.addEventListener('DOMContentLoaded', () => new MutationObserver(note)
                        .observe(document.body, { attributes: true, attributeFilter: ['data-last-verdict-at'] }));
            })();
            """;

    private DoorThroughput() {
    }

    /** Issues the pace's tickets and writes the video that shows them, into {@code dir}. */
    static Door prepare(TestServer server, String label, Pace pace, Path dir) {
        BufferedImage blank = new BufferedImage(CameraScanTest.WIDTH, CameraScanTest.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, blank.getWidth(), blank.getHeight());
        g.dispose();
        int fps = Y4m.FPS;
        List<BufferedImage> frames = new ArrayList<>();
        frames.addAll(Collections.nCopies(frameCount(pace.leadIn(), fps), blank));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pace.tickets(); i++) {
            String name = String.format(Locale.ROOT, "%s Guest %03d", label, i + 1);
            String code = server.register(name, label.toLowerCase(Locale.ROOT) + ".guest" + (i + 1) + "@example.com")
                    .get("code").asText();
            names.add(name);
            frames.addAll(Collections.nCopies(frameCount(pace.gap(), fps), blank));
            frames.addAll(Collections.nCopies(frameCount(pace.shown(), fps), CameraScanTest.centered(qrPng(server, code))));
        }
        Path video = Y4m.write(dir.resolve(label.toLowerCase(Locale.ROOT) + "-door.y4m"), frames);
        return new Door(pace, label + " door", names, video);
    }

    /**
     * Pairs the page in {@code browser} (opened with {@link Door#cameraArgs()}) as a new kiosk, taps
     * Start, and collects verdicts until the page's clock is one pass of the video and a lead-in
     * past the camera's start, or until every ticket was admitted when {@code untilAllAdmitted}
     * (the camera loops: a ticket missed on one pass is shown again).
     */
    static Result measure(TestServer server, Browser browser, Door door, int cpuSlowdown, boolean untilAllAdmitted,
                          Duration timeout) {
        Pace pace = door.pace();
        browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDER));
        JsonNode kiosk = server.createKiosk(door.kioskName());
        browser.get(server.baseUrl() + kiosk.get("pairingUrl").asText());
        browser.waitUntil("the kiosk shows its name",
                d -> door.kioskName().equals(d.findElement(By.id("kiosk-name")).getText()));
        browser.find(By.id("start")).click();
        browser.waitUntil("the camera is open", d -> browser.script("return window.__door.cameraAt"));
        String condition = untilAllAdmitted
                ? "return new Set(window.__door.verdicts.filter(v => v.kind === 'ok').map(v => v.title)).size >= arguments[0]"
                : "return performance.now() >= window.__door.cameraAt + arguments[1]";
        // One pass, and the next pass's blank lead-in: room for a camera a little slower than its file.
        long passAndLeadIn = pace.pass().plus(pace.leadIn()).toMillis();
        new WebDriverWait(browser.driver(), timeout, Duration.ofMillis(200))
                .until(d -> Boolean.TRUE.equals(browser.script(condition, pace.tickets(), passAndLeadIn)));
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) browser.script(
                "const d = window.__door; return { cameraAt: d.cameraAt, now: performance.now(), verdicts: d.verdicts,"
                        + " frames: d.frames, decoder: document.body.dataset.decoder || '' }");
        double cameraAt = ((Number) page.get("cameraAt")).doubleValue();
        double end = untilAllAdmitted ? ((Number) page.get("now")).doubleValue() : cameraAt + passAndLeadIn;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> shown = (List<Map<String, Object>>) page.get("verdicts");
        List<Verdict> verdicts = shown.stream()
                .map(v -> new Verdict(((Number) v.get("at")).doubleValue() - cameraAt, (String) v.get("kind"), (String) v.get("title")))
                .filter(v -> v.at() + cameraAt <= end)
                .toList();
        int serverAdmitted = 0;
        for (JsonNode k : server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("kiosks")) {
            if (door.kioskName().equals(k.path("name").asText())) {
                serverAdmitted = k.get("admitted").asInt();
            }
        }
        double from = cameraAt + pace.leadIn().toMillis();
        @SuppressWarnings("unchecked")
        long frames = ((List<Number>) page.get("frames")).stream()
                .filter(t -> t.doubleValue() >= from && t.doubleValue() <= end).count();
        return new Result(pace, cpuSlowdown, (String) page.get("decoder"), verdicts, end - from, serverAdmitted, (int) frames);
    }

    private static int frameCount(Duration d, int fps) {
        return (int) Math.round(d.toMillis() * fps / 1000.0);
    }

    private static BufferedImage qrPng(TestServer server, String code) {
        TestServer.Response png = server.get("/t/" + code + "/qr.png?scale=6");
        if (png.status() != 200) {
            throw new IllegalStateException("qr.png answered " + png.status());
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(png.raw().body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
