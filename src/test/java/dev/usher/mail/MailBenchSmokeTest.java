package dev.usher.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail benchmark's harness, with a handful of mails: it judges no figure, it keeps the bench runnable. */
class MailBenchSmokeTest {
    @Test
    void the_mail_benchmark_runs_end_to_end(@TempDir Path dir) {
        assertThat(MailBench.run(dir, 10)).contains("mails/s", "PDF ticket render");
    }
}
