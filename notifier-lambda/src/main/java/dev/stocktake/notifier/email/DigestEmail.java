package dev.stocktake.notifier.email;

import dev.stocktake.support.aws.AwsErrors;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.ZonedDateTime;
import java.util.List;

import dev.stocktake.notifier.idempotency.DeliveryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Sends the digest with SES v2 ({@code SendEmail}, raw MIME content): HTML with a plain-text alternative, the
 * console-users CSV and, when there is one, the dashboard PDF attached. One message to all recipients.
 */
public final class DigestEmail {

    public static final String CHANNEL = "email";

    private final SesV2Client ses;
    private final String sender;
    private final List<String> recipients;
    private final String configurationSet;

    /**
     * @param sender           a verified SES identity (address, or an address of a verified domain)
     * @param configurationSet SES configuration set for delivery events, or {@code null}
     */
    public DigestEmail(SesV2Client ses, String sender, List<String> recipients, String configurationSet) {
        this.ses = ses;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.configurationSet = configurationSet;
    }

    /** A file to attach. */
    public record Attachment(String fileName, String contentType, byte[] content) {
    }

    /**
     * Sends one message.
     *
     * @return SES's message ID
     * @throws DeliveryException when SES did not take it
     */
    public String send(String subject, String text, String html, List<Attachment> attachments, ZonedDateTime date) {
        byte[] raw = new MimeMessage(sender, recipients, subject, date, text, html, attachments.stream()
                .map(a -> new MimeMessage.Attachment(a.fileName(), a.contentType(), a.content())).toList()).bytes();
        try {
            // no Destination: SES takes the recipients from the message's To header, so each gets one copy
            return ses.sendEmail(request -> {
                request.fromEmailAddress(MimeMessage.address(sender))
                        .content(content -> content.raw(r -> r.data(SdkBytes.fromByteArrayUnsafe(raw))));
                if (configurationSet != null) {
                    request.configurationSetName(configurationSet);
                }
            }).messageId();
        } catch (AwsServiceException e) {
            throw new DeliveryException(CHANNEL, true, "SES refused the digest from " + sender + " to " + recipients.size()
                    + " recipient(s): " + AwsErrors.describe(e) + hint(e), e);
        } catch (SdkException e) {
            boolean notSent = refusedConnection(e);
            throw new DeliveryException(CHANNEL, notSent, "SES could not be reached: " + AwsErrors.describe(e)
                    + (notSent ? "" : "; the message may have been sent, so it is not sent again today"), e);
        }
    }

    private static String hint(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return switch (code) {
            case "MessageRejected", "MailFromDomainNotVerifiedException", "NotFoundException" ->
                    " (verify the sender's identity in SES, and while the account is in the SES sandbox every recipient too)";
            case "AccountSuspendedException", "SendingPausedException" -> " (sending is paused for this account in SES)";
            default -> "";
        };
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
