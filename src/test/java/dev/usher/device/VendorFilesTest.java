package dev.usher.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.ServerTest;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser libraries in public/vendor are exact copies of npm packages, as src/vendor/vendor.json
 * records them; `node src/vendor/fetch-vendor.mjs` re-creates them. Nobody edits them by hand.
 */
class VendorFilesTest extends ServerTest {
    static final Path MANIFEST = Path.of("src", "vendor", "vendor.json");
    static final Path VENDOR = Path.of("public", "vendor");

    @Test
    void every_vendored_file_has_the_sha256_recorded_in_the_manifest() throws IOException {
        int checked = 0;
        for (JsonNode pkg : packages()) {
            for (JsonNode file : pkg.get("files")) {
                Path copy = copyOf(pkg, file);
                assertThat(copy).as("%s@%s %s", name(pkg), pkg.get("version").asText(), file.get("from").asText())
                        .isRegularFile();
                assertThat(sha256(Files.readAllBytes(copy))).as("sha256 of %s", copy)
                        .isEqualTo(file.get("sha256").asText());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(7);
    }

    @Test
    void public_vendor_holds_only_the_files_the_manifest_lists() throws IOException {
        Set<Path> listed = new HashSet<>();
        for (JsonNode pkg : packages()) {
            for (JsonNode file : pkg.get("files")) {
                listed.add(copyOf(pkg, file).normalize());
            }
        }
        try (Stream<Path> files = Files.walk(VENDOR)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::normalize)).allMatch(listed::contains);
        }
    }

    @Test
    void every_package_is_pinned_with_an_npm_integrity_and_has_its_license_beside_it() throws IOException {
        for (JsonNode pkg : packages()) {
            assertThat(pkg.get("version").asText()).as(name(pkg)).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(pkg.get("integrity").asText()).as(name(pkg)).matches("sha512-[A-Za-z0-9+/]{86}==");
            assertThat(pkg.get("license").asText()).as(name(pkg)).isNotBlank();
            JsonNode license = null;
            for (JsonNode file : pkg.get("files")) {
                if (file.path("isLicense").asBoolean()) {
                    license = file;
                }
            }
            assertThat(license).as("%s lists its license file", name(pkg)).isNotNull();
            assertThat(Files.readString(copyOf(pkg, license))).as("%s license", name(pkg)).containsIgnoringCase("license");
        }
    }

    @Test
    void the_webassembly_is_the_one_the_barcode_detector_build_was_made_for() throws IOException {
        JsonNode detector = pkg("barcode-detector");
        JsonNode zxing = pkg("zxing-wasm");
        assertThat(detector.get("version").asText()).isEqualTo("3.2.2");
        String glue = Files.readString(VENDOR.resolve("barcode-detector/zxing-exported.js"));
        // The glue code carries the version and the sha256 of the reader .wasm it was built against.
        assertThat(glue).contains("\"" + zxing.get("version").asText() + "\"");
        String wasmSha256 = sha256(Files.readAllBytes(VENDOR.resolve("zxing-wasm/zxing_reader.wasm")));
        assertThat(glue).contains("\"" + wasmSha256 + "\"");
        assertThat(Files.readString(VENDOR.resolve("barcode-detector/ponyfill.js"))).contains("setZXingModuleOverrides");
    }

    @Test
    void the_webassembly_is_served_as_application_wasm_and_the_scripts_as_javascript() {
        TestServer.Response wasm = server.get("/vendor/zxing-wasm/zxing_reader.wasm");
        assertThat(wasm.status()).isEqualTo(200);
        // Browsers compile streamed WebAssembly only when it comes as application/wasm.
        assertThat(wasm.header("Content-Type")).startsWith("application/wasm");
        assertThat(wasm.raw().body()).startsWith(0x00, 'a', 's', 'm');

        for (String script : new String[] {"/vendor/barcode-detector/ponyfill.js",
                "/vendor/barcode-detector/zxing-exported.js", "/vendor/jsqr/jsQR.js",
                "/kiosk/scanner.js", "/kiosk/jsqr-worker.js"}) {
            TestServer.Response js = server.get(script);
            assertThat(js.status()).as(script).isEqualTo(200);
            assertThat(js.header("Content-Type")).as(script).matches("(text|application)/javascript.*");
        }
    }

    private static Iterable<JsonNode> packages() throws IOException {
        return new ObjectMapper().readTree(Files.readString(MANIFEST)).get("packages");
    }

    private static JsonNode pkg(String name) throws IOException {
        for (JsonNode pkg : packages()) {
            if (name(pkg).equals(name)) {
                return pkg;
            }
        }
        throw new AssertionError("vendor.json has no " + name);
    }

    private static String name(JsonNode pkg) {
        return pkg.get("name").asText();
    }

    private static Path copyOf(JsonNode pkg, JsonNode file) {
        return VENDOR.resolve(name(pkg)).resolve(file.get("to").asText());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
