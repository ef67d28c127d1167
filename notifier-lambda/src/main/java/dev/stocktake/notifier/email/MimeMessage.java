package dev.stocktake.notifier.email;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A raw MIME message (RFC 5322 / 2045-2049) for SES {@code SendEmail} with {@code Raw} content: a plain-text and an
 * HTML body as alternatives, plus attachments. Every part is base64; non-ASCII subjects are RFC 2047 encoded. The
 * boundaries start with {@code =_}, which base64 never produces, so they cannot clash with the content.
 */
record MimeMessage(String from, List<String> to, String subject, ZonedDateTime date, String text, String html,
                   List<Attachment> attachments) {

    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");
    static final String MIXED = "=_stocktake_mixed";
    static final String ALTERNATIVE = "=_stocktake_alternative";

    /** A file attached to the message. */
    record Attachment(String fileName, String contentType, byte[] content) {
    }

    MimeMessage {
        to = List.copyOf(to);
        attachments = List.copyOf(attachments);
    }

    byte[] bytes() {
        StringBuilder mime = new StringBuilder(8192);
        mime.append("From: ").append(address(from)).append("\r\n")
                .append("To: ").append(String.join(", ", to)).append("\r\n")
                .append("Subject: ").append(encodeHeader(subject)).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date)).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"").append(MIXED).append("\"\r\n")
                .append("\r\n")
                .append("--").append(MIXED).append("\r\n")
                .append("Content-Type: multipart/alternative; boundary=\"").append(ALTERNATIVE).append("\"\r\n")
                .append("\r\n");
        part(mime, ALTERNATIVE, "text/plain; charset=UTF-8", null, text.getBytes(StandardCharsets.UTF_8));
        part(mime, ALTERNATIVE, "text/html; charset=UTF-8", null, html.getBytes(StandardCharsets.UTF_8));
        mime.append("--").append(ALTERNATIVE).append("--\r\n");
        for (Attachment attachment : attachments) {
            part(mime, MIXED, attachment.contentType() + "; name=\"" + attachment.fileName() + "\"", attachment.fileName(),
                    attachment.content());
        }
        mime.append("--").append(MIXED).append("--\r\n");
        return mime.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void part(StringBuilder mime, String boundary, String contentType, String attachmentName, byte[] content) {
        mime.append("--").append(boundary).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Transfer-Encoding: base64\r\n");
        if (attachmentName != null) {
            mime.append("Content-Disposition: attachment; filename=\"").append(attachmentName).append("\"\r\n");
        }
        mime.append("\r\n").append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(content)).append("\r\n");
    }

    /** {@code Name <a@b.c>} with the name encoded when it is not ASCII; a bare address as it is. */
    static String address(String value) {
        int open = value.lastIndexOf('<');
        if (open <= 0) {
            return value;
        }
        String name = value.substring(0, open).strip();
        return (PRINTABLE_ASCII.matcher(name).matches() ? name : encodeHeader(name)) + " " + value.substring(open);
    }

    /** A header value as is when it is printable ASCII, else as an RFC 2047 encoded word (UTF-8, base64). */
    static String encodeHeader(String value) {
        if (PRINTABLE_ASCII.matcher(value).matches()) {
            return value;
        }
        // encoded words are at most 75 characters: split the text into chunks of whole characters
        StringBuilder header = new StringBuilder();
        int start = 0;
        while (start < value.length()) {
            int end = start;
            while (end < value.length() && value.substring(start, nextEnd(value, end)).getBytes(StandardCharsets.UTF_8).length <= 45) {
                end = nextEnd(value, end);
            }
            if (end == start) {
                end = nextEnd(value, start);
            }
            header.append(header.isEmpty() ? "" : "\r\n ").append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(value.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
            start = end;
        }
        return header.toString();
    }

    private static int nextEnd(String value, int index) {
        return index + Character.charCount(value.codePointAt(index));
    }
}
