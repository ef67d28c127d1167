package dev.stocktake.notifier.alert;

import dev.stocktake.support.aws.AwsErrors;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import dev.stocktake.notifier.idempotency.DeliveryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The email for creations (a user, a console password, an access key): one message per burst listing every
 * creation with the account, the principal, the source IP, the time, the user and its allowlist status. Sent with
 * SES v2 {@code SendEmail}, raw MIME (plain text and HTML alternatives).
 */
final class AlertEmail {

    static final String CHANNEL = "email";
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");
    private static final String BOUNDARY = "=_stocktake_alert";

    private final SesV2Client ses;
    private final String sender;
    private final List<String> recipients;
    private final String configurationSet;

    AlertEmail(SesV2Client ses, String sender, List<String> recipients, String configurationSet) {
        this.ses = ses;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.configurationSet = configurationSet;
    }

    /** A rendered message. */
    record Message(String subject, String text, String html) {
    }

    /** The message for a burst of creations. Pure. */
    static Message render(Burst burst) {
        Alert first = burst.alerts().getFirst();
        CloudTrailEvent event = first.event();
        boolean one = burst.alerts().size() == 1;
        String subject = "Stocktake alert: " + (one ? event.change().label() + " in " + first.account() + ": " + event.userName()
                : burst.alerts().size() + " IAM creations in " + first.account() + " (" + AlertText.counts(burst) + ")");
        StringBuilder text = new StringBuilder();
        text.append(one ? event.change().label() : burst.alerts().size() + " IAM creations").append(" in ").append(first.account())
                .append("\n\n");
        text.append("Account:    ").append(first.account()).append('\n');
        text.append("By:         ").append(AlertText.actor(event.actor())).append('\n');
        text.append("Source IP:  ").append(event.sourceIp()).append('\n');
        text.append("When:       ").append(AlertText.when(burst)).append('\n');
        if (one) {
            text.append("User:       ").append(event.userName()).append('\n');
            if (event.accessKeyId() != null) {
                text.append("Access key: ").append(event.accessKeyId()).append('\n');
            }
            text.append("Allowlist:  ").append(first.allowlistStatus()).append('\n');
            text.append("Call:       ").append(event.change().eventName()).append(" (CloudTrail event ").append(event.eventId())
                    .append(")\n");
        } else {
            text.append('\n');
            burst.alerts().forEach(a -> text.append("- ").append(AlertText.item(a)).append('\n'));
        }
        text.append("\nIf this user must exist, add it to allowlist/allowlist.csv with an owner, a reason and an expiry date; "
                + "otherwise ask the principal above why it was created. See docs/alerts.md.\n");

        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:Arial,Helvetica,sans-serif;"
                + "font-size:14px;color:#1a1a1a\">");
        html.append("<h2 style=\"font-size:18px;margin:0 0 12px\">").append(escape(one ? event.change().label() + ": " + event.userName()
                : burst.alerts().size() + " IAM creations")).append("</h2>");
        html.append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        row(html, "Account", first.account());
        row(html, "By", AlertText.actor(event.actor()));
        row(html, "Source IP", event.sourceIp());
        row(html, "When", AlertText.when(burst));
        html.append("</table>");
        html.append("<table cellpadding=\"6\" style=\"border-collapse:collapse;margin-top:12px\"><tr style=\"background:#eeeeee\">"
                + "<th align=\"left\">Time (UTC)</th><th align=\"left\">Call</th><th align=\"left\">User</th>"
                + "<th align=\"left\">Access key</th><th align=\"left\">Allowlist</th></tr>");
        for (Alert alert : burst.alerts()) {
            CloudTrailEvent e = alert.event();
            boolean listed = alert.allowlistStatus().startsWith("allowed");
            html.append("<tr style=\"border-top:1px solid #dddddd\"><td>").append(AlertText.clock(e.time())).append("</td><td>")
                    .append(escape(e.change().eventName())).append("</td><td><b>").append(escape(e.userName())).append("</b></td><td>")
                    .append(e.accessKeyId() == null ? "" : escape(e.accessKeyId())).append("</td><td style=\"color:")
                    .append(listed ? "#1e7b34" : "#b3261e").append("\">").append(escape(alert.allowlistStatus())).append("</td></tr>");
        }
        html.append("</table><p style=\"color:#555555\">If a user must exist, add it to <code>allowlist/allowlist.csv</code> "
                + "with an owner, a reason and an expiry date; otherwise ask the principal above why it was created.</p>"
                + "</body></html>");
        return new Message(subject, text.toString(), html.toString());
    }

    /**
     * Sends one message to every recipient.
     *
     * @return SES's message ID
     * @throws DeliveryException when SES did not take it ({@link DeliveryException#notSent()}: certainly not sent)
     */
    String send(Message message, Instant now) {
        byte[] raw = mime(sender, recipients, message, now);
        try {
            return ses.sendEmail(request -> {
                request.fromEmailAddress(address(sender))
                        .content(content -> content.raw(r -> r.data(SdkBytes.fromByteArrayUnsafe(raw))));
                if (configurationSet != null) {
                    request.configurationSetName(configurationSet);
                }
            }).messageId();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            throw new DeliveryException(CHANNEL, true, "SES refused the alert email from " + sender + ": " + AwsErrors.describe(e)
                    + ("MessageRejected".equals(code) || "NotFoundException".equals(code)
                    ? " (verify the sender's identity in SES, and while in the SES sandbox every recipient too)" : ""), e);
        } catch (SdkException e) {
            boolean notSent = refusedConnection(e);
            throw new DeliveryException(CHANNEL, notSent, "SES could not be reached: " + AwsErrors.describe(e)
                    + (notSent ? "" : "; the email may have been sent, so it is not sent again"), e);
        }
    }

    static byte[] mime(String from, List<String> to, Message message, Instant now) {
        StringBuilder mime = new StringBuilder(4096);
        mime.append("From: ").append(from).append("\r\n")
                .append("To: ").append(String.join(", ", to)).append("\r\n")
                .append("Subject: ").append(header(message.subject())).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC))).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/alternative; boundary=\"").append(BOUNDARY).append("\"\r\n\r\n");
        part(mime, "text/plain; charset=UTF-8", message.text());
        part(mime, "text/html; charset=UTF-8", message.html());
        mime.append("--").append(BOUNDARY).append("--\r\n");
        return mime.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void part(StringBuilder mime, String type, String content) {
        mime.append("--").append(BOUNDARY).append("\r\nContent-Type: ").append(type)
                .append("\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(content.getBytes(StandardCharsets.UTF_8)))
                .append("\r\n");
    }

    /** A header value: control characters removed; RFC 2047 encoded (UTF-8, base64) unless printable ASCII. */
    static String header(String value) {
        String clean = value.replaceAll("[\\r\\n\\t]+", " ");
        if (PRINTABLE_ASCII.matcher(clean).matches()) {
            return clean;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(clean.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** {@code Name <a@b.c>} → {@code a@b.c} */
    static String address(String value) {
        int open = value.lastIndexOf('<');
        return open >= 0 && value.endsWith(">") ? value.substring(open + 1, value.length() - 1) : value;
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><td style=\"color:#555555\">").append(name).append("</td><td><b>").append(escape(value)).append("</b></td></tr>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static boolean refusedConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
