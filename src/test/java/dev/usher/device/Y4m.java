package dev.usher.device;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a YUV4MPEG2 video, the format Chromium's fake camera plays from a file
 * ({@code --use-file-for-fake-video-capture}) and loops. Frames are stored grey: the luma of each
 * pixel, with neutral (128) chroma planes.
 */
final class Y4m {
    static final int FPS = 10;

    private Y4m() {
    }

    /**
     * Writes the frames (all of one size, even width and height) at {@value #FPS} frames per second.
     * A picture repeated in the list (the same object) is converted once.
     */
    static Path write(Path file, List<BufferedImage> frames) {
        BufferedImage first = frames.get(0);
        int width = first.getWidth();
        int height = first.getHeight();
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("4:2:0 needs an even width and height, got " + width + "x" + height);
        }
        byte[] chroma = new byte[(width / 2) * (height / 2)];
        Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Map<BufferedImage, byte[]> converted = new IdentityHashMap<>();
            for (BufferedImage frame : frames) {
                if (frame.getWidth() != width || frame.getHeight() != height) {
                    throw new IllegalArgumentException("every frame must be " + width + "x" + height);
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(converted.computeIfAbsent(frame, Y4m::luma));
                out.write(chroma);
                out.write(chroma);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The same picture for every frame: the fake camera shows it still. */
    static Path writeStill(Path file, BufferedImage frame, int frames) {
        return write(file, Collections.nCopies(frames, frame));
    }

    /** Full-range BT.601 luma, as C420jpeg means. */
    private static byte[] luma(BufferedImage image) {
        int width = image.getWidth();
        byte[] y = new byte[width * image.getHeight()];
        int[] row = new int[width];
        for (int j = 0; j < image.getHeight(); j++) {
            image.getRGB(0, j, width, 1, row, 0, width);
            for (int i = 0; i < width; i++) {
                int rgb = row[i];
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                y[j * width + i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            }
        }
        return y;
    }
}
