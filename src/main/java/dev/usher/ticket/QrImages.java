package dev.usher.ticket;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * QR images of a ticket code: error correction M, a quiet zone of 4 modules.
 *
 * <p>The PNG is written straight from ZXing's module matrix as a 1-bit grayscale image: ZXing's own
 * {@code MatrixToImageWriter} fills a {@code BufferedImage} pixel by pixel and is several times slower.
 */
public final class QrImages {
    public static final int QUIET_ZONE = 4;
    public static final int DEFAULT_SCALE = 8;
    public static final int MAX_SCALE = 32;
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.MARGIN, QUIET_ZONE);

    /** One bit per module, quiet zone included. */
    public BitMatrix matrix(String text) {
        try {
            // Width and height 0: ZXing returns one pixel per module.
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, HINTS);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as QR: " + e.getMessage(), e);
        }
    }

    public byte[] png(String text, int scale) {
        return png(matrix(text), scale);
    }

    static byte[] png(BitMatrix m, int scale) {
        int size = m.getWidth() * scale;
        int rowBytes = (size + 7) / 8;
        ByteArrayOutputStream raw = new ByteArrayOutputStream((rowBytes + 1) * size / 4);
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw, new Deflater(Deflater.BEST_SPEED))) {
            byte[] row = new byte[rowBytes + 1];
            for (int y = 0; y < m.getHeight(); y++) {
                Arrays.fill(row, (byte) 0);
                // PNG grayscale 1-bit: 0 is black, 1 is white. Filter byte 0 (none) leads the row.
                for (int x = 0; x < size; x++) {
                    if (!m.get(x / scale, y)) {
                        row[1 + (x >> 3)] |= (byte) (0x80 >>> (x & 7));
                    }
                }
                for (int i = 0; i < scale; i++) {
                    z.write(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(raw.size() + 64);
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] header = new byte[13];
        putInt(header, 0, size);
        putInt(header, 4, size);
        header[8] = 1; // bit depth
        header[9] = 0; // grayscale
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", raw.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** A scalable image: one path of dark runs, crisp at any print size. */
    public String svg(String text) {
        BitMatrix m = matrix(text);
        int n = m.getWidth();
        StringBuilder path = new StringBuilder(n * n);
        for (int y = 0; y < n; y++) {
            int x = 0;
            while (x < n) {
                if (!m.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < n && m.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        out.writeBytes(length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] sum = new byte[4];
        putInt(sum, 0, (int) crc.getValue());
        out.writeBytes(sum);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
