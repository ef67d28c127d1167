package dev.stocktake.notifier.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts by the same principal in the same account within a short window, sent as one message: a script creating
 * 50 users is one Slack message, not fifty.
 *
 * @param alerts in time order, at least one
 */
record Burst(String accountId, String actorArn, List<Alert> alerts) {

    Burst {
        alerts = List.copyOf(alerts);
    }

    Instant first() {
        return alerts.getFirst().event().time();
    }

    Instant last() {
        return alerts.getLast().event().time();
    }

    /**
     * Groups alerts by (account, principal); a group spans at most {@code window} from its first event, later events
     * of the same principal start a new group. Pure; the result is ordered by each group's first event.
     */
    static List<Burst> group(List<Alert> alerts, Duration window) {
        List<Alert> sorted = alerts.stream().sorted(Comparator.comparing((Alert a) -> a.event().time())
                .thenComparing(a -> a.event().eventId())).toList();
        Map<String, List<Alert>> open = new LinkedHashMap<>();
        List<List<Alert>> groups = new ArrayList<>();
        for (Alert alert : sorted) {
            String key = alert.event().accountId() + "\u0000" + alert.event().actor().arn();
            List<Alert> group = open.get(key);
            if (group == null || alert.event().time().isAfter(group.getFirst().event().time().plus(window))) {
                group = new ArrayList<>();
                open.put(key, group);
                groups.add(group);
            }
            group.add(alert);
        }
        return groups.stream().map(g -> new Burst(g.getFirst().event().accountId(), g.getFirst().event().actor().arn(), g)).toList();
    }

    /** Only the alerts for which {@code keep} holds (same account and actor), or {@code null} when none. */
    Burst only(java.util.function.Predicate<Alert> keep) {
        List<Alert> kept = alerts.stream().filter(keep).toList();
        return kept.isEmpty() ? null : new Burst(accountId, actorArn, kept);
    }
}
