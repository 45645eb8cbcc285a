package dev.usher.ticket;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.usher.ServerTest;
import dev.usher.TestServer;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import java.util.Map;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class TicketImagesTest extends ServerTest {

    @Test
    void the_png_decodes_back_to_the_code_with_error_correction_m_and_a_4_module_quiet_zone() throws Exception {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        TestServer.Response png = server.get("/t/" + code + "/qr.png");
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("Content-Type")).startsWith("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.raw().body()));
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
        assertThat(result.getText()).isEqualTo(code);
        assertThat(result.getResultMetadata().get(com.google.zxing.ResultMetadataType.ERROR_CORRECTION_LEVEL))
                .isEqualTo(ErrorCorrectionLevel.M.toString());

        // Quiet zone: the outer 4 modules (8 px each by default) are white on every side.
        int quiet = 4 * QrImages.DEFAULT_SCALE;
        for (int i = 0; i < image.getWidth(); i++) {
            for (int d = 0; d < quiet; d++) {
                assertThat(image.getRGB(i, d) & 0xffffff).isEqualTo(0xffffff);
                assertThat(image.getRGB(d, i) & 0xffffff).isEqualTo(0xffffff);
                assertThat(image.getRGB(i, image.getHeight() - 1 - d) & 0xffffff).isEqualTo(0xffffff);
                assertThat(image.getRGB(image.getWidth() - 1 - d, i) & 0xffffff).isEqualTo(0xffffff);
            }
        }
        assertThat(image.getRGB(quiet, quiet) & 0xffffff).as("finder pattern corner").isZero();
    }

    @Test
    void the_png_scale_can_be_chosen_within_limits() throws Exception {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(server.get("/t/" + code + "/qr.png?scale=2").raw().body()));
        BufferedImage big = ImageIO.read(new ByteArrayInputStream(server.get("/t/" + code + "/qr.png?scale=16").raw().body()));
        assertThat(big.getWidth()).isEqualTo(small.getWidth() * 8);
        assertError(server.get("/t/" + code + "/qr.png?scale=500"), 400, "invalid_scale");
        assertError(server.get("/t/" + code + "/qr.png?scale=abc"), 400, "invalid_scale");
    }

    @Test
    void the_png_decodes_at_scales_that_split_a_byte_between_modules() throws Exception {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        int modules = new QrImages().matrix(code).getWidth();
        for (int scale : new int[]{1, 3, 5, 8, 13}) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(server.get("/t/" + code + "/qr.png?scale=" + scale).raw().body()));
            assertThat(image.getWidth()).isEqualTo(modules * scale);
            Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
            assertThat(result.getText()).as("scale %d", scale).isEqualTo(code);
        }
    }

    @Test
    void the_svg_is_a_scalable_image_of_the_same_matrix() {
        String code = server.register("Ada", "ada@example.com").get("code").asText();
        TestServer.Response svg = server.get("/t/" + code + "/qr.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
        int modules = new QrImages().matrix(code).getWidth();
        assertThat(svg.body()).startsWith("<svg").contains("viewBox=\"0 0 " + modules + " " + modules + "\"").contains("<path");
    }

    @Test
    void unknown_codes_get_no_image_and_revoked_codes_get_410() {
        assertError(server.get("/t/NOTACODE/qr.png"), 404, "invalid");
        assertError(server.get("/t/NOTACODE/ticket.json"), 404, "invalid");
        assertThat(server.get("/t/NOTACODE").status()).isEqualTo(404);

        var ticket = server.register("Ada", "ada@example.com");
        String old = ticket.get("code").asText();
        TestServer.Response revoked = server.admin("POST", "/api/tickets/" + ticket.get("id").asText() + "/revoke", null);
        String fresh = revoked.json().at("/ticket/code").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertError(server.get("/t/" + old + "/qr.png"), 410, "revoked");
        assertThat(server.get("/t/" + old + "/ticket.json").json().at("/ticket/status").asText()).isEqualTo("revoked");
        assertThat(server.get("/t/" + fresh + "/ticket.json").json().at("/ticket/status").asText()).isEqualTo("valid");
        assertThat(server.get("/t/" + fresh + "/qr.png").status()).isEqualTo(200);
    }
}
