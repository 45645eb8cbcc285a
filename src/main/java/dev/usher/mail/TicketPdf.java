package dev.usher.mail;

import com.google.zxing.common.BitMatrix;
import dev.usher.event.Event;
import dev.usher.ticket.QrImages;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The PDF ticket: one A4 page in large type that also reads on a phone, with the QR code drawn as
 * vector squares 7 cm wide (sharp at any zoom, well above the 4 cm a door scanner needs).
 */
final class TicketPdf {
    /** 7 cm in PDF points (1/72 inch). */
    static final float QR_SIZE = 7f / 2.54f * 72f;
    private static final float MARGIN = 48;

    private final QrImages qr;
    private final byte[] regular;
    private final byte[] bold;
    private final byte[] mono;

    TicketPdf(QrImages qr) {
        this.qr = qr;
        this.regular = font("LiberationSans-Regular.ttf");
        this.bold = font("LiberationSans-Bold.ttf");
        this.mono = font("LiberationMono-Regular.ttf");
    }

    private static byte[] font(String file) {
        try (InputStream in = TicketPdf.class.getResourceAsStream("/liberation/" + file)) {
            if (in == null) {
                throw new IllegalStateException("font " + file + " is missing from the build (openpdf-fonts-extra)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] render(MailContent m) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Ticket: " + m.event().name() + ": " + m.name());
            info.setCreator("Usher");
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDFont sans = PDType0Font.load(doc, new ByteArrayInputStream(regular));
            PDFont sansBold = PDType0Font.load(doc, new ByteArrayInputStream(bold));
            PDFont code = PDType0Font.load(doc, new ByteArrayInputStream(mono));
            float width = page.getMediaBox().getWidth() - 2 * MARGIN;
            try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                Writer w = new Writer(out, page.getMediaBox().getHeight() - MARGIN, width);
                w.paragraph(sansBold, 22, m.event().name());
                w.paragraph(sans, 14, m.date() + ", doors " + m.doors());
                w.paragraph(sans, 14, m.venue());
                w.gap(18);
                w.paragraph(sans, 12, m.reissue() ? "Ticket for (this one replaces your earlier ticket)" : "Ticket for");
                w.paragraph(sansBold, 30, m.name());
                w.gap(12);
                w.y = drawQr(out, m.code(), MARGIN + (width - QR_SIZE) / 2, w.y) - 12;
                w.paragraph(code, 8, m.code());
                w.gap(6);
                w.paragraph(sans, 13, "Show this page at the door, printed or on your phone.");
                if (!m.event().agenda().isEmpty()) {
                    w.gap(14);
                    w.paragraph(sansBold, 13, "Agenda");
                    for (Event.AgendaItem item : m.event().agenda()) {
                        w.paragraph(sans, 12, m.time(item.time()) + "   " + item.title());
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF ticket", e);
        }
    }

    /** Draws the QR code with its top edge at {@code top}; returns the y below it. */
    private float drawQr(PDPageContentStream out, String text, float left, float top) throws IOException {
        BitMatrix matrix = qr.matrix(text);
        int n = matrix.getWidth();
        float module = QR_SIZE / n;
        out.setNonStrokingColor(0f, 0f, 0f);
        for (int y = 0; y < n; y++) {
            int x = 0;
            while (x < n) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int run = x;
                while (run < n && matrix.get(run, y)) {
                    run++;
                }
                // One rectangle per run of dark modules, a hair taller than the row so no seams show.
                out.addRect(left + x * module, top - (y + 1) * module, (run - x) * module, module * 1.02f);
                x = run;
            }
        }
        out.fill();
        return top - QR_SIZE;
    }

    /** Lays out wrapped lines from the top of the page down. */
    private static final class Writer {
        private final PDPageContentStream out;
        private final float width;
        float y;

        Writer(PDPageContentStream out, float top, float width) {
            this.out = out;
            this.y = top;
            this.width = width;
        }

        void gap(float points) {
            y -= points;
        }

        void paragraph(PDFont font, float size, String text) throws IOException {
            for (String line : wrap(font, size, printable(font, text))) {
                y -= size * 1.25f;
                out.beginText();
                out.setFont(font, size);
                out.newLineAtOffset(MARGIN, y);
                out.showText(line);
                out.endText();
            }
        }

        private List<String> wrap(PDFont font, float size, String text) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(font, size, candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                // A word wider than the page (a ticket code, a very long name) breaks anywhere.
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    String next = line.toString() + Character.toString(cp);
                    if (!line.isEmpty() && width(font, size, next) > width) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    line.appendCodePoint(cp);
                    i += Character.charCount(cp);
                }
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private static float width(PDFont font, float size, String s) throws IOException {
            return font.getStringWidth(s) / 1000f * size;
        }

        /** Letters the font has no glyph for become "?": the ticket still renders, and its QR code is what counts. */
        private static String printable(PDFont font, String text) {
            StringBuilder b = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (Character.isWhitespace(cp)) {
                    b.append(' ');
                    return;
                }
                try {
                    font.encode(Character.toString(cp));
                    b.appendCodePoint(cp);
                } catch (IllegalArgumentException | IOException e) {
                    b.append('?');
                }
            });
            return b.toString();
        }
    }
}
