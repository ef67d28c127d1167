package dev.stocktake.notifier.email;

import dev.stocktake.support.aws.AwsErrors;

import dev.stocktake.notifier.idempotency.DeliveryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sends the digest: HTML with a plain-text alternative, the console-users CSV and, when there is one, the dashboard
 * PDF attached. One message to all recipients.
 */
public final class DigestEmail {

    public static final String CHANNEL = "email";

    private final SesMail mail;

    public DigestEmail(SesMail mail) {
        this.mail = mail;
    }

    /**
     * Sends one message.
     *
     * @return SES's message ID
     * @throws DeliveryException when SES did not take it
     */
    public String send(SesMail.Email email) {
        try {
            return mail.send(email);
        } catch (AwsServiceException e) {
            throw new DeliveryException(CHANNEL, true, "SES refused the digest from " + mail.sender() + " to "
                    + mail.recipientCount() + " recipient(s): " + AwsErrors.describe(e) + hint(e), e);
        } catch (SdkException e) {
            boolean notSent = SesMail.refusedConnection(e);
            throw new DeliveryException(CHANNEL, notSent, "SES could not be reached: " + AwsErrors.describe(e)
                    + (notSent ? "" : "; the message may have been sent, so it is not sent again today"), e);
        }
    }

    private static String hint(AwsServiceException e) {
        return switch (SesMail.errorCode(e)) {
            case "MessageRejected", "MailFromDomainNotVerifiedException", "NotFoundException" ->
                    " (verify the sender's identity in SES, and while the account is in the SES sandbox every recipient too)";
            case "AccountSuspendedException", "SendingPausedException" -> " (sending is paused for this account in SES)";
            default -> "";
        };
    }
}
