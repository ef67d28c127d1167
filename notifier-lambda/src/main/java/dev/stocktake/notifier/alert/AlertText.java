package dev.stocktake.notifier.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The words of an alert, shared by Slack and email. Pure. */
final class AlertText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertText() {
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    /** "2026-03-15 09:12:01 UTC", or "2026-03-15 09:12:01 – 09:12:44 UTC" for a burst. */
    static String when(Burst burst) {
        return burst.first().equals(burst.last()) ? time(burst.first())
                : time(burst.first()).replace(" UTC", "") + " \u2013 " + clock(burst.last()) + " UTC";
    }

    /**
     * "IAM user created: bob" for one event ("Failed CreateUser (AccessDenied): bob" when IAM refused it);
     * "50 IAM changes: 48 CreateUser, 2 CreateAccessKey" for a burst.
     */
    static String title(Burst burst) {
        if (burst.alerts().size() == 1) {
            CloudTrailEvent event = burst.alerts().getFirst().event();
            return event.succeeded() ? event.change().label() + ": " + event.userName()
                    : "Failed " + event.change().eventName() + " (" + event.errorCode() + "): " + event.userName();
        }
        return burst.alerts().size() + " IAM changes: " + counts(burst);
    }

    /** "48 CreateUser, 2 CreateAccessKey" in order of first appearance. */
    static String counts(Burst burst) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        burst.alerts().forEach(a -> counts.merge(a.event().change().eventName(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** The principal, with its type when the ARN alone does not say it. */
    static String actor(CloudTrailEvent.Actor actor) {
        return actor.arn() + ("AWSService".equals(actor.type()) ? " (an AWS service)" : "");
    }

    /** One line per event: the change, the user, the key, the outcome and the allowlist's verdict. */
    static String item(Alert alert) {
        CloudTrailEvent event = alert.event();
        StringBuilder line = new StringBuilder();
        line.append(clock(event.time())).append(' ').append(event.change().eventName()).append(' ').append(event.userName());
        if (event.accessKeyId() != null) {
            line.append(" (key ").append(event.accessKeyId()).append(event.keyStatus() == null ? "" : " \u2192 " + event.keyStatus())
                    .append(')');
        }
        if (!event.succeeded()) {
            line.append(" \u2014 FAILED (").append(event.errorCode()).append("), nothing changed");
        }
        line.append(" \u2014 allowlist: ").append(alert.allowlistStatus());
        return line.toString();
    }
}
