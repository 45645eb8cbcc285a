package dev.usher.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the server's CPU went in each phase, from its JFR recording ({@code --jfr}): execution
 * samples counted by thread, by the method on top of the stack, and by the first Usher method
 * under it. Only threads running Java are sampled: a thread waiting in fsync or epoll is not here.
 */
final class JfrHotspots {
    record Phase(String name, Instant start, Instant end) {
    }

    private JfrHotspots() {
    }

    static String summarize(Path recording, List<Phase> phases, int top) throws IOException {
        List<RecordedEvent> samples = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    samples.add(e);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (Phase phase : phases) {
            Map<String, Integer> threads = new HashMap<>();
            Map<String, Integer> topFrames = new HashMap<>();
            Map<String, Integer> usherFrames = new HashMap<>();
            Map<String, Integer> libraries = new HashMap<>();
            int n = 0;
            for (RecordedEvent e : samples) {
                if (e.getStartTime().isBefore(phase.start()) || e.getStartTime().isAfter(phase.end())) {
                    continue;
                }
                n++;
                RecordedStackTrace stack = e.getStackTrace();
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("-\\d+$", ""), 1, Integer::sum);
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                topFrames.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                libraries.merge(library(stack.getFrames().get(0).getMethod().getType().getName()), 1, Integer::sum);
                String usher = "(no Usher frame)";
                for (RecordedFrame f : stack.getFrames()) {
                    if (f.getMethod().getType().getName().startsWith("dev.usher.")) {
                        usher = name(f);
                        break;
                    }
                }
                usherFrames.merge(usher, 1, Integer::sum);
            }
            out.append(String.format(Locale.ROOT, "%n  %s: %d samples%n", phase.name(), n));
            if (n == 0) {
                continue;
            }
            append(out, "threads", threads, n, top);
            append(out, "library of the method on top of the stack", libraries, n, top);
            append(out, "on top of the stack", topFrames, n, top);
            append(out, "first Usher method under it", usherFrames, n, top);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String title, Map<String, Integer> counts, int total, int top) {
        out.append("    ").append(title).append(":\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> out.append(String.format(Locale.ROOT, "      %5.1f %%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
    }

    private static String library(String type) {
        String[][] known = {
                {"dev.usher.", "Usher"}, {"org.eclipse.jetty.", "Jetty"}, {"io.javalin.", "Javalin"}, {"kotlin.", "Javalin (Kotlin)"},
                {"com.fasterxml.jackson.", "Jackson"}, {"org.sqlite.", "sqlite-jdbc"}, {"org.bouncycastle.", "BouncyCastle"},
                {"com.google.zxing.", "ZXing"}, {"org.flywaydb.", "Flyway"}, {"org.apache.commons.csv.", "commons-csv"},
                {"sun.nio.", "JDK NIO"}, {"java.util.concurrent.", "JDK concurrency"}, {"java.", "JDK"}, {"jdk.", "JDK"}, {"sun.", "JDK"}};
        for (String[] k : known) {
            if (type.startsWith(k[0])) {
                return k[1];
            }
        }
        return type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }
}
