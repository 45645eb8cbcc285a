package dev.usher.bench;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doors-open benchmark in its smoke form (seconds, tiny counts, no targets judged), run by
 * {@code mvn verify} after the jar is packaged, so the harness cannot rot. The figures are printed,
 * not asserted: on a shared 2-core machine only a full run on a quiet machine means anything.
 */
class PerfSmokeIT {

    @Test
    void the_benchmark_harness_runs_end_to_end_against_the_packaged_jar() throws Exception {
        Path jar = Path.of("target", "usher.jar");
        assertThat(jar).as("mvn verify packages the jar before integration tests").exists();
        Files.createDirectories(Path.of("target", "bench"));
        Path log = Path.of("target", "bench", "perf-smoke.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), PerfRun.class.getName(),
                "--smoke", "--jar", jar.toString(), "--scripts", "bench/perf", "--out", "target/bench/perf-smoke.txt")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output.length() > 20_000 ? output.substring(output.length() - 20_000) : output);
        assertThat(ended).as("smoke run finished within 5 minutes").isTrue();
        assertThat(p.exitValue()).as("harness exit status (see " + log + ")").isZero();
        assertThat(new File("target/bench/perf-smoke.txt")).exists();
    }
}
