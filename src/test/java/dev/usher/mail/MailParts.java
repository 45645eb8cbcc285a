package dev.usher.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A received mail taken apart as a mail client would: its text, HTML, inline image and attachments. */
record MailParts(String text, String html, byte[] inlinePng, String inlineContentId, byte[] pdf, String ics, String icsType) {

    static MailParts of(MimeMessage message) throws Exception {
        List<Part> leaves = new ArrayList<>();
        collect(message, leaves);
        String text = null;
        String html = null;
        byte[] png = null;
        String cid = null;
        byte[] pdf = null;
        String ics = null;
        String icsType = null;
        for (Part p : leaves) {
            String type = p.getContentType().toLowerCase();
            if (type.startsWith("text/plain")) {
                text = (String) p.getContent();
            } else if (type.startsWith("text/html")) {
                html = (String) p.getContent();
            } else if (type.startsWith("image/png")) {
                png = bytes(p);
                cid = ((BodyPart) p).getHeader("Content-ID")[0];
            } else if (type.startsWith("application/pdf")) {
                pdf = bytes(p);
            } else if (type.startsWith("text/calendar")) {
                ics = new String(bytes(p), StandardCharsets.UTF_8);
                icsType = type;
            }
        }
        return new MailParts(text, html, png, cid, pdf, ics, icsType);
    }

    private static void collect(Part part, List<Part> leaves) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart m = (Multipart) part.getContent();
            for (int i = 0; i < m.getCount(); i++) {
                collect(m.getBodyPart(i), leaves);
            }
        } else {
            leaves.add(part);
        }
    }

    private static byte[] bytes(Part p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
