package dev.stocktake.notifier.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.notifier.idempotency.DeliveryException;
import dev.stocktake.notifier.slack.SlackWebhook;

/**
 * Turns one batch of queued CloudTrail events into alerts: parse, name the account, ask the allowlist, group bursts,
 * then per burst and channel claim, send, confirm. Every message that could not be handled now (malformed, a refused
 * send, a claim held by another run, no time left) is returned as a batch item failure, so SQS retries it and, after
 * the queue's retries, moves it to the dead-letter queue (alarmed on): no event is lost silently.
 */
public final class AlertProcessor {

    /** Slack gets every change; email only successful creations. */
    static final String SLACK = SlackWebhook.CHANNEL;
    static final String EMAIL = AlertEmail.CHANNEL;
    /** Time left for one burst's claims and send; less than that and the rest goes back to the queue. */
    static final Duration PER_BURST = Duration.ofSeconds(12);

    private final AccountNames names;
    private final AllowlistSource allowlist;
    private final SentEvents sent;
    private final SlackWebhook slack;
    private final AlertEmail email;
    private final Duration window;
    private final int maxItems;
    private final ZoneId zone;
    private final JsonLog log;
    private final Clock clock;

    AlertProcessor(AccountNames names, AllowlistSource allowlist, SentEvents sent, SlackWebhook slack, AlertEmail email,
                   Duration window, int maxItems, ZoneId zone, JsonLog log, Clock clock) {
        this.names = names;
        this.allowlist = allowlist;
        this.sent = sent;
        this.slack = slack;
        this.email = email;
        this.window = window;
        this.maxItems = maxItems;
        this.zone = zone;
        this.log = log;
        this.clock = clock;
    }

    /** One SQS message: its ID and body (the EventBridge event). */
    public record QueuedEvent(String messageId, String body) {
    }

    /** What a batch came to; {@code failedMessageIds} go back to the queue. */
    public record Result(List<String> failedMessageIds, int events, int slackMessages, int emails, int duplicates, int inDoubt,
                         int malformed) {
        public Result {
            failedMessageIds = List.copyOf(failedMessageIds);
        }
    }

    private static final class Tally {
        final Set<String> failed = new LinkedHashSet<>();
        int slackMessages;
        int emails;
        int duplicates;
        int inDoubt;
        int malformed;
    }

    public Result process(List<QueuedEvent> messages, Deadline deadline) {
        Instant start = clock.instant();
        Tally tally = new Tally();
        List<Alert> alerts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<CloudTrailEvent> events = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (QueuedEvent message : messages) {
            CloudTrailEvent event;
            try {
                event = CloudTrailEvent.parse(message.body());
            } catch (MalformedEventException e) {
                tally.malformed++;
                tally.failed.add(message.messageId());
                log.error(clock.instant(), "alert event malformed; returned to the queue (it will end in the dead-letter queue)",
                        Map.of("component", "alerts", "messageId", message.messageId(), "error", e.getMessage()));
                continue;
            }
            if (!seen.add(event.eventId())) {
                tally.duplicates++;
                continue;
            }
            events.add(event);
            messageIds.add(message.messageId());
        }
        if (!events.isEmpty()) {
            AccountNames.Snapshot directory = names.current(start);
            if (directory.problem() != null) {
                log.warn(clock.instant(), "account names unavailable; alerts show account IDs",
                        Map.of("component", "alerts", "error", directory.problem()));
            }
            AllowlistSource.Loaded list = allowlist.load();
            if (list.problem() != null) {
                log.error(clock.instant(), "allowlist unreadable; alerts say '" + AllowlistSource.UNREADABLE + "'",
                        Map.of("component", "alerts", "error", list.problem()));
            }
            for (int i = 0; i < events.size(); i++) {
                CloudTrailEvent event = events.get(i);
                String name = directory.name(event.accountId());
                alerts.add(new Alert(messageIds.get(i), event, name,
                        list.status(event, name, LocalDate.ofInstant(event.time(), zone))));
            }
        }
        for (Burst burst : Burst.group(alerts, window)) {
            if (!deadline.allows(PER_BURST)) {
                burst.alerts().forEach(a -> tally.failed.add(a.messageId()));
                log.warn(clock.instant(), "not enough time left; the burst goes back to the queue",
                        Map.of("component", "alerts", "account", burst.accountId(), "events", burst.alerts().size()));
                continue;
            }
            if (slack != null) {
                deliver(burst, SLACK, b -> slack.post(AlertSlack.render(b, maxItems), deadline), tally);
            }
            Burst creations = email == null ? null : burst.only(a -> a.event().change().creation() && a.event().succeeded());
            if (creations != null) {
                deliver(creations, EMAIL, b -> email.send(AlertEmail.render(b)), tally);
            }
        }
        Result result = new Result(new ArrayList<>(tally.failed), alerts.size(), tally.slackMessages, tally.emails,
                tally.duplicates, tally.inDoubt, tally.malformed);
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("AlertEvents", result.events());
        metrics.put("AlertSlackMessages", result.slackMessages());
        metrics.put("AlertEmails", result.emails());
        metrics.put("AlertDuplicates", result.duplicates());
        metrics.put("AlertInDoubt", result.inDoubt());
        metrics.put("AlertFailures", result.failedMessageIds().size());
        metrics.put("AlertDurationMs", Duration.between(start, clock.instant()).toMillis());
        log.event(clock.instant(), result.failedMessageIds().isEmpty() && result.inDoubt() == 0 ? "INFO" : "ERROR",
                "alert batch done", Map.of("component", "alerts", "messages", messages.size(),
                        "failed", result.failedMessageIds().size()), metrics);
        return result;
    }

    /** Claims each event of the burst on the channel, sends one message for those claimed, confirms or releases. */
    private void deliver(Burst burst, String channel, Function<Burst, String> send, Tally tally) {
        List<Alert> claimed = new ArrayList<>();
        for (Alert alert : burst.alerts()) {
            SentEvents.Claim claim;
            try {
                claim = sent.claim(alert.event().eventId(), channel, clock.instant());
            } catch (SentEvents.DedupeException e) {
                tally.failed.add(alert.messageId());
                log.error(clock.instant(), "alert not sent: the dedupe table failed; returned to the queue",
                        Map.of("component", "alerts", "channel", channel, "eventId", alert.event().eventId(), "error", e.getMessage()));
                continue;
            }
            switch (claim) {
                case SentEvents.Claim.Claimed c -> claimed.add(alert);
                case SentEvents.Claim.AlreadySent s -> tally.duplicates++;
                case SentEvents.Claim.Busy b -> tally.failed.add(alert.messageId());
                case SentEvents.Claim.InDoubt d -> {
                    tally.inDoubt++;
                    log.error(clock.instant(), "alert IN DOUBT: claimed at " + d.claimedAt() + " by a run that never confirmed; "
                                    + "it may have gone out and is not sent again",
                            Map.of("component", "alerts", "channel", channel, "eventId", alert.event().eventId(),
                                    "account", alert.event().accountId()));
                }
            }
        }
        if (claimed.isEmpty()) {
            return;
        }
        Burst toSend = new Burst(burst.accountId(), burst.actorArn(), claimed);
        String receipt;
        try {
            receipt = send.apply(toSend);
        } catch (DeliveryException e) {
            claimed.forEach(a -> tally.failed.add(a.messageId()));
            log.error(clock.instant(), "alert NOT sent; returned to the queue",
                    Map.of("component", "alerts", "channel", channel, "account", burst.accountId(), "events", claimed.size(),
                            "certainlyNotSent", e.notSent(), "error", e.getMessage()));
            if (e.notSent()) {
                for (Alert alert : claimed) {
                    try {
                        sent.release(alert.event().eventId(), channel);
                    } catch (SentEvents.DedupeException release) {
                        log.error(clock.instant(), "claim not released", Map.of("component", "alerts", "channel", channel,
                                "eventId", alert.event().eventId(), "error", release.getMessage()));
                    }
                }
            }
            return;
        }
        if (SLACK.equals(channel)) {
            tally.slackMessages++;
        } else {
            tally.emails++;
        }
        log.info(clock.instant(), "alert sent", Map.of("component", "alerts", "channel", channel, "account", burst.accountId(),
                "events", claimed.size(), "firstEventId", claimed.getFirst().event().eventId()));
        for (Alert alert : claimed) {
            try {
                sent.sent(alert.event().eventId(), channel, receipt, clock.instant());
            } catch (SentEvents.DedupeException e) {
                log.error(clock.instant(), "alert sent but not confirmed", Map.of("component", "alerts", "channel", channel,
                        "eventId", alert.event().eventId(), "error", e.getMessage()));
            }
        }
    }
}
