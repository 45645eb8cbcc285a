package dev.usher.ticket;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

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
    /**
     * The mask pattern is fixed. ZXing otherwise builds all eight masked matrices and scores each
     * with the standard's penalty rules, most of an image's CPU time. The penalty only steers away
     * from large blocks and finder-like runs, which a ticket code (mostly an Ed25519 signature, so
     * close to random bits) rarely has under any one mask; every mask is a valid QR code.
     */
    static final int MASK_PATTERN = 0;
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.MARGIN, QUIET_ZONE,
            EncodeHintType.QR_MASK_PATTERN, MASK_PATTERN);

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
        byte[] image = new byte[(rowBytes + 1) * size];
        for (int y = 0; y < m.getHeight(); y++) {
            // PNG grayscale 1-bit: 0 is black, 1 is white. Filter byte 0 (none) leads the module
            // row's first pixel row; the others repeat it, which filter 2 ("up") says in zero bytes,
            // so there is little left for deflate to search.
            int at = y * scale * (rowBytes + 1);
            for (int module = 0; module < m.getWidth(); module++) {
                if (!m.get(module, y)) {
                    white(image, at + 1, module * scale, scale);
                }
            }
            for (int i = 1; i < scale; i++) {
                image[at + i * (rowBytes + 1)] = 2;
            }
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream(image.length / 4);
        // Ended here, not by the garbage collector: each Deflater holds native zlib memory.
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(image);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                raw.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
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

    /** Sets the bits of {@code count} pixels from pixel {@code from} of the row whose first byte is {@code row[start]}. */
    private static void white(byte[] row, int start, int from, int count) {
        int x = from;
        int end = from + count;
        while (x < end) {
            int bit = x & 7;
            if (bit == 0 && end - x >= 8) {
                row[start + (x >> 3)] = (byte) 0xff;
                x += 8;
            } else {
                row[start + (x >> 3)] |= (byte) (0x80 >>> bit);
                x++;
            }
        }
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
