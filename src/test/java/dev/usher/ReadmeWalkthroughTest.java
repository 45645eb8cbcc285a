package dev.usher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's walkthrough, verbatim but for the port, against a fresh server. */
class ReadmeWalkthroughTest {
    @TempDir
    Path dir;

    @Test
    void the_readme_walkthrough_works_as_written() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("<!-- walkthrough:start -->"), readme.indexOf("<!-- walkthrough:end -->"));
        String script = block.substring(block.indexOf("```sh") + 5, block.lastIndexOf("```"));

        try (TestServer server = TestServer.start(new Config("127.0.0.1", 0, dir.resolve("data"), null, null))) {
            script = script.replace("http://localhost:7070", server.baseUrl());
            Process p = new ProcessBuilder("bash", "-eu", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();

            assertThat(out).contains("Serverless: an inside look")
                    .contains("Ada's ticket page: " + server.baseUrl() + "/t/")
                    .contains("\"created\":1").contains("\"badCount\":1")
                    .contains("{\"queued\":1}").contains("\"transport\":\"outbox\"")
                    .contains("Welcome, Ada Lovelace.")
                    .contains("\"reason\":\"already_redeemed\"").contains("\"kiosk\":\"Door A\"")
                    .contains("\"reason\":\"invalid\"")
                    .contains("\"registered\":2,\"checkedIn\":1")
                    .contains("\uFEFFcheckin_id,ticket_id,name,email,list,list_name,type,at,kiosk,annulled_at,annulled_by,annul_reason");
            byte[] png = Files.readAllBytes(dir.resolve("ada-qr.png"));
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }
}
