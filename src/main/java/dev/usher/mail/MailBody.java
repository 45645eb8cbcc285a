package dev.usher.mail;

import dev.usher.event.Event;

/**
 * The mail's two bodies: HTML (tables and inline styles, which mail clients render; light and dark)
 * and plain text that reads well alone. Everything from people or the event file is escaped.
 */
final class MailBody {
    /** The inline QR image's Content-ID. */
    static final String QR_CID = "qr@usher";

    private MailBody() {
    }

    static String text(MailContent m) {
        StringBuilder b = new StringBuilder();
        b.append(m.intro()).append("\n\n");
        if (m.reissue()) {
            b.append("This ticket replaces the one you had before: the old code no longer works.\n\n");
        }
        b.append(m.name()).append('\n');
        b.append(m.event().name()).append('\n');
        b.append(m.date()).append(", doors ").append(m.doors()).append(" (").append(m.event().timezone().getId()).append(")\n");
        b.append(m.venue()).append("\n\n");
        b.append("Your ticket: ").append(m.ticketUrl()).append('\n');
        b.append("Show the QR code on that page (or on the attached PDF) at the door.\n\n");
        if (!m.event().agenda().isEmpty()) {
            b.append("Agenda\n");
            for (Event.AgendaItem item : m.event().agenda()) {
                b.append(m.time(item.time())).append("  ").append(item.title()).append('\n');
            }
            b.append('\n');
        }
        b.append("Ticket code (if the door staff ask to type it in):\n").append(m.code()).append("\n\n");
        b.append("-- \nYou get this mail because a ticket for ").append(m.event().name())
                .append(" was issued to ").append(m.email()).append(".\n");
        return b.toString();
    }

    static String html(MailContent m, String qrSource) {
        StringBuilder agenda = new StringBuilder();
        for (Event.AgendaItem item : m.event().agenda()) {
            agenda.append("<tr><td style=\"padding:2px 12px 2px 0;vertical-align:top;white-space:nowrap;font-variant-numeric:tabular-nums\">")
                    .append(esc(m.time(item.time()))).append("</td><td style=\"padding:2px 0;vertical-align:top\">")
                    .append(esc(item.title())).append("</td></tr>");
        }
        String replaced = m.reissue()
                ? "<p style=\"margin:0 0 16px;padding:10px 12px;border-left:4px solid #b45309\">This ticket replaces the one you had before: the old code no longer works.</p>"
                : "";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width,initial-scale=1">
                <meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
                <title>%1$s</title></head>
                <body style="margin:0;padding:0">
                <table role="presentation" width="100%%" cellpadding="0" cellspacing="0" border="0">
                <tr><td align="center" style="padding:24px 12px">
                <table role="presentation" width="100%%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
                <tr><td style="padding:0 0 16px">%2$s</td></tr>
                <tr><td>%3$s</td></tr>
                <tr><td style="padding:0 0 4px;font-size:24px;font-weight:bold;word-break:break-word">%4$s</td></tr>
                <tr><td style="padding:0 0 4px;font-size:18px;font-weight:bold;word-break:break-word">%5$s</td></tr>
                <tr><td style="padding:0 0 16px">%6$s, doors %7$s<br>%8$s</td></tr>
                <tr><td align="center" style="padding:8px 0 16px">
                <img src="%9$s" width="240" height="240" alt="QR code of your ticket" style="display:block;width:240px;height:240px;background:#ffffff;border:12px solid #ffffff;border-radius:4px">
                </td></tr>
                <tr><td align="center" style="padding:0 0 24px">
                <a href="%10$s" style="display:inline-block;padding:12px 24px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">Open your ticket</a>
                </td></tr>
                %11$s
                <tr><td style="padding:16px 0 0;font-size:13px;opacity:0.75;word-break:break-all">Ticket code: %12$s</td></tr>
                <tr><td style="padding:8px 0 0;font-size:13px;opacity:0.75">You get this mail because a ticket for %5$s was issued to %13$s.</td></tr>
                </table>
                </td></tr></table>
                </body></html>
                """.formatted(esc(m.subject()), esc(m.intro()).replace("\n", "<br>"), replaced, esc(m.name()), esc(m.event().name()), esc(m.date()),
                esc(m.doors()), esc(m.venue()), esc(qrSource), esc(m.ticketUrl()),
                agenda.isEmpty() ? "" : "<tr><td style=\"padding:0 0 8px;font-weight:bold\">Agenda</td></tr><tr><td><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">"
                        + agenda + "</table></td></tr>",
                esc(m.code()), esc(m.email()));
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
