package dev.usher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.usher.bench.Table.mb;

/** With {@code --nmt}: the JVM's own account of the server's memory, next to its RSS; without it, nothing. */
final class NativeMemory {
    private final boolean on;
    private final RunLog log;

    NativeMemory(boolean on, RunLog log) {
        this.on = on;
        this.log = log;
    }

    /** Logs the server's committed memory by kind (jcmd VM.native_memory summary) {@code when}. */
    void note(ServerProcess server, String when) throws IOException, InterruptedException {
        if (!on) {
            return;
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(text);
        StringBuilder parts = new StringBuilder();
        while (m.find()) {
            long kb = Long.parseLong(m.group(2));
            if (kb >= 1024) {
                parts.append(parts.length() == 0 ? "" : ", ").append(m.group(1).trim()).append(' ').append(kb / 1024);
            }
        }
        Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
        log.line("NMT %s, committed MB: %s; total %s; RSS %s (the rest is memory the JVM does not track, e.g. SQLite's own mallocs)",
                when, parts, total.find() ? Long.parseLong(total.group(1)) / 1024 + " MB" : "?", mb(server.rssKb()));
    }
}
