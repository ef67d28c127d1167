package dev.stocktake.notifier.alert;

import dev.stocktake.support.aws.AwsErrors;

import java.util.List;

import dev.stocktake.notifier.email.HtmlTemplate;
import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.notifier.idempotency.DeliveryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The email for creations (a user, a console password, an access key): one message per burst listing every
 * creation with the account, the principal, the source IP, the time, the user and its allowlist status. Sent with
 * SES v2 {@code SendEmail} (plain text and HTML alternatives).
 */
final class AlertEmail {

    static final String CHANNEL = "email";
    private static final HtmlTemplate HTML = HtmlTemplate.load("dev/stocktake/notifier/alert/alert-email.mustache");

    private final SesMail mail;

    AlertEmail(SesMail mail) {
        this.mail = mail;
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

        List<Fact> facts = List.of(new Fact("Account", first.account()), new Fact("By", AlertText.actor(event.actor())),
                new Fact("Source IP", event.sourceIp()), new Fact("When", AlertText.when(burst)));
        List<Row> rows = burst.alerts().stream().map(a -> new Row(AlertText.clock(a.event().time()), a.event().change().eventName(),
                a.event().userName(), a.event().accessKeyId(), a.allowlistStatus().startsWith("allowed") ? "#1e7b34" : "#b3261e",
                a.allowlistStatus())).toList();
        String html = HTML.render(new View(one ? event.change().label() + ": " + event.userName() : burst.alerts().size() + " IAM creations",
                facts, rows));
        return new Message(subject, text.toString(), html);
    }

    /**
     * Sends one message to every recipient.
     *
     * @return SES's message ID
     * @throws DeliveryException when SES did not take it ({@link DeliveryException#notSent()}: certainly not sent)
     */
    String send(Message message) {
        try {
            return mail.send(new SesMail.Email(message.subject(), message.text(), message.html(), List.of()));
        } catch (AwsServiceException e) {
            String code = SesMail.errorCode(e);
            throw new DeliveryException(CHANNEL, true, "SES refused the alert email from " + mail.sender() + ": " + AwsErrors.describe(e)
                    + ("MessageRejected".equals(code) || "NotFoundException".equals(code)
                    ? " (verify the sender's identity in SES, and while in the SES sandbox every recipient too)" : ""), e);
        } catch (SdkException e) {
            boolean notSent = SesMail.refusedConnection(e);
            throw new DeliveryException(CHANNEL, notSent, "SES could not be reached: " + AwsErrors.describe(e)
                    + (notSent ? "" : "; the email may have been sent, so it is not sent again"), e);
        }
    }

    /** What the HTML template shows. */
    record View(String heading, List<Fact> facts, List<Row> rows) {
    }

    /** A line of the summary table. */
    record Fact(String name, String value) {
    }

    /** One creation. */
    record Row(String time, String call, String user, String accessKey, String colour, String allowlist) {
    }
}
