package dev.stocktake.notifier.email;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * One sender's mail through SES v2 {@code SendEmail} with simple content: SES builds the MIME message (subject, a
 * plain-text and an HTML body as alternatives, attachments), so only {@code ses:SendEmail} is needed. One message to
 * all recipients, each named in its To header. The digest and the alerts both send through this.
 */
public final class SesMail {

    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");

    private final SesV2Client ses;
    private final String sender;
    private final List<String> recipients;
    private final String configurationSet;

    /**
     * @param sender           a verified SES identity (address, or an address of a verified domain), optionally with
     *                         a display name ({@code Stocktake <stocktake@example.com>})
     * @param configurationSet SES configuration set for delivery events, or {@code null}
     */
    public SesMail(SesV2Client ses, String sender, List<String> recipients, String configurationSet) {
        this.ses = ses;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.configurationSet = configurationSet;
    }

    /** A message: its subject, both bodies and the files attached. */
    public record Email(String subject, String text, String html, List<Attachment> attachments) {
        public Email {
            attachments = List.copyOf(attachments);
        }
    }

    /** A file to attach. */
    public record Attachment(String fileName, String contentType, byte[] content) {
    }

    public String sender() {
        return sender;
    }

    public int recipientCount() {
        return recipients.size();
    }

    /**
     * Sends one message.
     *
     * @return SES's message ID
     * @throws software.amazon.awssdk.core.exception.SdkException as the SDK throws it: the caller words the failure
     */
    public String send(Email email) {
        return ses.sendEmail(request(email)).messageId();
    }

    SendEmailRequest request(Email email) {
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .fromEmailAddress(address(sender))
                .destination(d -> d.toAddresses(recipients))
                .content(content -> content.simple(message -> message
                        .subject(utf8(subject(email.subject())))
                        .body(body -> body.text(utf8(email.text())).html(utf8(email.html())))
                        .attachments(email.attachments().stream().map(a -> software.amazon.awssdk.services.sesv2.model.Attachment.builder()
                                .fileName(a.fileName())
                                .contentType(a.contentType())
                                .contentDisposition(AttachmentContentDisposition.ATTACHMENT)
                                .rawContent(SdkBytes.fromByteArrayUnsafe(a.content()))
                                .build()).toList())));
        if (configurationSet != null) {
            request.configurationSetName(configurationSet);
        }
        return request.build();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }

    /** A subject is one header line: line breaks and tabs from the data become a space. */
    static String subject(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ");
    }

    /**
     * {@code Name <a@b.c>} with the name RFC 2047 encoded when it is not ASCII (SES takes no other non-ASCII display
     * name); a bare address as it is.
     */
    static String address(String value) {
        int open = value.lastIndexOf('<');
        if (open <= 0) {
            return value;
        }
        String name = value.substring(0, open).strip();
        return (PRINTABLE_ASCII.matcher(name).matches() ? name : encodedWords(name)) + " " + value.substring(open);
    }

    /** RFC 2047 encoded words (UTF-8, base64) of at most 75 characters each, whole characters per word. */
    private static String encodedWords(String text) {
        StringBuilder words = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int end = text.offsetByCodePoints(start, 1);
            while (end < text.length() && utf8Length(text, start, text.offsetByCodePoints(end, 1)) <= 45) {
                end = text.offsetByCodePoints(end, 1);
            }
            words.append(words.isEmpty() ? "" : " ").append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(text.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
            start = end;
        }
        return words.toString();
    }

    private static int utf8Length(String text, int start, int end) {
        return text.substring(start, end).getBytes(StandardCharsets.UTF_8).length;
    }

    /** SES's error code, or an empty string. */
    public static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    }

    /** Whether the connection to SES was never made, so the message certainly did not go out. */
    public static boolean refusedConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
