package dev.stocktake.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.notifier.digest.ConsoleUsersCsv;
import dev.stocktake.notifier.digest.Digest;
import dev.stocktake.notifier.digest.DigestHtml;
import dev.stocktake.notifier.digest.DigestQuery;
import dev.stocktake.notifier.digest.DigestText;
import dev.stocktake.notifier.email.DigestEmail;
import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.notifier.idempotency.DeliveryException;
import dev.stocktake.notifier.idempotency.DeliveryMarkers;
import dev.stocktake.notifier.idempotency.DeliveryMarkers.Claim;
import dev.stocktake.notifier.idempotency.DeliveryMarkers.MarkerException;
import dev.stocktake.notifier.owner.OwnerDigestMessage;
import dev.stocktake.notifier.owner.OwnerDigests;
import dev.stocktake.notifier.owner.OwnerTodos;
import dev.stocktake.notifier.slack.SlackMessage;
import dev.stocktake.notifier.slack.SlackWebhook;
import dev.stocktake.notifier.snapshot.DashboardSnapshots;

/**
 * One day's digest: runs the digest queries on Athena, renders the digest, and delivers it on every configured channel
 * (email, Slack) at most once per day and channel ({@link DeliveryMarkers}). A channel that fails does not stop the
 * other; the run then fails naming it, and a retry sends only what has not gone out. Ends with one log line that is
 * also CloudWatch EMF metrics.
 */
public final class Notifier {

    /** Time kept back from the snapshot job for the queries that follow it and the sends. */
    static final Duration SNAPSHOT_RESERVE = Duration.ofSeconds(60);
    /** The longest the dashboard snapshot may take. */
    static final Duration SNAPSHOT_BUDGET = Duration.ofMinutes(4);

    private final AthenaQueries athena;
    private final DeliveryMarkers markers;
    private final DigestEmail email;
    private final SlackWebhook slack;
    private final DashboardSnapshots snapshots;
    private final OwnerDigests ownerDigests;
    private final ZoneId zone;
    private final JsonLog log;
    private final Clock clock;

    /**
     * @param email     the email channel, or {@code null} when not configured
     * @param slack     the Slack channel, or {@code null}
     * @param snapshots the dashboard PDF, or {@code null} when no dashboard is configured
     */
    public Notifier(AthenaQueries athena, DeliveryMarkers markers, DigestEmail email, SlackWebhook slack,
                    DashboardSnapshots snapshots, ZoneId zone, JsonLog log, Clock clock) {
        this(athena, markers, email, slack, snapshots, null, zone, log, clock);
    }

    /**
     * @param ownerDigests each owner's own to-do after the digest ({@code OWNER_DIGESTS}), or {@code null} when off
     */
    public Notifier(AthenaQueries athena, DeliveryMarkers markers, DigestEmail email, SlackWebhook slack,
                    DashboardSnapshots snapshots, OwnerDigests ownerDigests, ZoneId zone, JsonLog log, Clock clock) {
        this.athena = athena;
        this.ownerDigests = ownerDigests;
        this.markers = markers;
        this.email = email;
        this.slack = slack;
        this.snapshots = snapshots;
        this.zone = zone;
        this.log = log;
        this.clock = clock;
    }

    /** The report day a run at {@code now} is about: the date in {@code REPORT_TIME_ZONE}. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /**
     * Sends the digest of {@code day}.
     *
     * @param accountId this account (owner of the QuickSight dashboard)
     * @throws dev.stocktake.sql.athena.AthenaQueryException when a digest query fails (nothing was sent)
     * @throws NotifierException                                   when a channel did not take the digest
     */
    public NotifierResult notify(LocalDate day, String accountId, Deadline deadline) {
        Instant start = clock.instant();
        Map<String, Claim> before = new LinkedHashMap<>();
        List<String> channels = new ArrayList<>();
        if (email != null) {
            channels.add(DigestEmail.CHANNEL);
        }
        if (slack != null) {
            channels.add(SlackWebhook.CHANNEL);
        }
        Map<String, NotifierResult.Delivery> deliveries = new LinkedHashMap<>();
        try {
            for (String channel : channels) {
                Claim existing = markers.existing(day, channel);
                if (existing != null) {
                    before.put(channel, existing);
                }
            }
        } catch (MarkerException e) {
            logFailure(day, start, "MARKERS", e.getMessage());
            throw e;
        }
        // with owner digests a retry still runs the queries: owners whose email did not go out are sent theirs
        if (before.size() == channels.size() && ownerDigests == null) {
            before.forEach((channel, claim) -> deliveries.put(channel, skipped(day, channel, claim)));
            return finish(day, start, deliveries, null, Duration.ZERO);
        }

        Map<String, ResultTable> results;
        Instant queriesStart = clock.instant();
        try {
            List<AthenaQueries.Statement> statements = new ArrayList<>(DigestQuery.all().stream().map(q -> q.statement(day)).toList());
            if (ownerDigests != null) {
                statements.add(OwnerTodos.query().statement(day));
            }
            results = athena.runAll(statements, deadline);
        } catch (RuntimeException e) {
            logFailure(day, start, "QUERIES", e.getMessage());
            throw e;
        }
        Duration queries = Duration.between(queriesStart, clock.instant());
        Digest digest = Digest.from(day, results);
        OwnerTodos owners = ownerDigests == null ? null : OwnerTodos.read(results.get(OwnerTodos.QUERY), ownerDigests.config());
        String ownersNote = owners == null ? null : withoutAddressNote(owners);

        for (String channel : channels) {
            NotifierResult.Delivery delivery;
            if (DigestEmail.CHANNEL.equals(channel)) {
                // attachments (the snapshot may take minutes) are made before the claim, so that a run dying
                // meanwhile leaves no claim behind and the retry sends
                List<SesMail.Attachment> attachments = new ArrayList<>();
                attachments.add(new SesMail.Attachment(ConsoleUsersCsv.fileName(day), "text/csv; charset=UTF-8",
                        ConsoleUsersCsv.render(digest).getBytes(StandardCharsets.UTF_8)));
                List<String> notes = new ArrayList<>();
                if (ownersNote != null) {
                    notes.add(ownersNote);
                }
                if (!before.containsKey(channel)) {
                    String note = snapshot(day, accountId, deadline, attachments);
                    if (note != null) {
                        notes.add(note);
                    }
                }
                String html = DigestHtml.render(digest, notes);
                String text = DigestText.render(digest) + (ownersNote == null ? "" : "\r\n" + ownersNote + "\r\n");
                SesMail.Email message = new SesMail.Email(DigestHtml.subject(digest), text, html, attachments);
                delivery = deliver(day, channel, () -> email.send(message));
            } else {
                String payload = SlackMessage.render(digest, ownersNote);
                delivery = deliver(day, channel, () -> slack.post(payload, deadline));
            }
            deliveries.put(channel, delivery);
        }
        if (owners != null) {
            sendOwnerDigests(day, digest, owners, deadline);
        }
        return finish(day, start, deliveries, digest, queries);
    }

    /** Time kept for one owner's email (claim, send, confirm); with less left the run stops sending them. */
    static final Duration OWNER_SEND_TIME = Duration.ofSeconds(5);

    /** Owners named in the main digest as not mailed, at most this many (the rest counted). */
    static final int MAX_OWNERS_WITHOUT_ADDRESS = 30;

    /** {@code Owners without an address (not sent their own to-do): 2: <lab> & co, (no owner).} (plain text). */
    static String withoutAddressNote(OwnerTodos owners) {
        List<String> names = owners.withoutAddress();
        if (names.isEmpty()) {
            return null;
        }
        String listed = String.join(", ", names.subList(0, Math.min(names.size(), MAX_OWNERS_WITHOUT_ADDRESS)));
        return "Owners without an address (not sent their own to-do): " + names.size() + ": " + listed
                + (names.size() > MAX_OWNERS_WITHOUT_ADDRESS ? " and " + (names.size() - MAX_OWNERS_WITHOUT_ADDRESS) + " more" : "") + ".";
    }

    /**
     * After the digest: each owner with an address their own to-do, at most once a day each (a marker per owner). A
     * failed send is logged (the owner as its hashed channel and redacted address, never an IAM user name) and counted,
     * and does not stop the others nor fail the run. Ends with one log line that is also EMF metrics.
     */
    private void sendOwnerDigests(LocalDate day, Digest digest, OwnerTodos owners, Deadline deadline) {
        Map<NotifierResult.Status, Integer> counts = new LinkedHashMap<>();
        for (NotifierResult.Status status : NotifierResult.Status.values()) {
            counts.put(status, 0);
        }
        int max = ownerDigests.config().maxUsersPerOwner();
        int outOfTime = 0;
        for (OwnerTodos.OwnerList owner : owners.mailed()) {
            if (outOfTime > 0 || !deadline.allows(OWNER_SEND_TIME)) {
                // stop before the Lambda's end could cut a send between claim and confirm (an owner left in doubt)
                outOfTime++;
                continue;
            }
            String channel = OwnerDigests.channel(owner.owner());
            SesMail.Email message = OwnerDigestMessage.render(day, owner, digest.migration(), max);
            NotifierResult.Delivery delivery = deliver(day, channel, () -> ownerDigests.send(owner.owner(), message));
            counts.merge(delivery.status(), 1, Integer::sum);
            if (delivery.status() == NotifierResult.Status.FAILED || delivery.status() == NotifierResult.Status.IN_DOUBT) {
                log.error(clock.instant(), "owner digest NOT sent", Map.of("component", "notifier", "day", day.toString(),
                        "owner", channel, "ownerAddress", OwnerDigests.redacted(owner.owner()),
                        "status", delivery.status().name(), "detail", delivery.detail()));
            }
        }
        if (outOfTime > 0) {
            log.error(clock.instant(), "owner digests stopped: not enough time left in this run",
                    Map.of("component", "notifier", "day", day.toString(), "ownersNotSent", outOfTime,
                            "whatToDo", "invoke the notifier again with {\"day\":\"" + day + "\"}: it sends only to the owners "
                                    + "without a marker"));
        }
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("OwnerDigestsSent", counts.get(NotifierResult.Status.SENT));
        // the alarm's metric: refused sends and owners this run had no time for
        metrics.put("OwnerDigestFailures", counts.get(NotifierResult.Status.FAILED) + outOfTime);
        metrics.put("OwnerDigestsOutOfTime", outOfTime);
        metrics.put("OwnerDigestInDoubt", counts.get(NotifierResult.Status.IN_DOUBT));
        metrics.put("OwnerDigestsAlreadySent", counts.get(NotifierResult.Status.ALREADY_SENT));
        metrics.put("OwnersWithoutAddress", owners.withoutAddress().size());
        boolean failed = counts.get(NotifierResult.Status.FAILED) > 0 || counts.get(NotifierResult.Status.IN_DOUBT) > 0
                || outOfTime > 0;
        log.event(clock.instant(), failed ? "ERROR" : "INFO",
                failed ? "owner digests NOT all sent" : "owner digests sent",
                Map.of("component", "notifier", "day", day.toString(), "owners", owners.mailed().size()), metrics);
    }

    @FunctionalInterface
    private interface Send {
        String send();
    }

    /** Claim, send, confirm; release the claim when the channel refused (nothing went out). */
    private NotifierResult.Delivery deliver(LocalDate day, String channel, Send send) {
        Claim claim;
        try {
            claim = markers.claim(day, channel, clock.instant());
        } catch (MarkerException e) {
            return new NotifierResult.Delivery(channel, NotifierResult.Status.FAILED, channel + ": not sent, " + e.getMessage());
        }
        if (!(claim instanceof Claim.Claimed)) {
            return skipped(day, channel, claim);
        }
        String receipt;
        try {
            receipt = send.send();
        } catch (DeliveryException e) {
            String detail = e.getMessage();
            if (e.notSent()) {
                try {
                    markers.release(day, channel);
                } catch (MarkerException release) {
                    detail += "; " + release.getMessage();
                }
            }
            return new NotifierResult.Delivery(channel, NotifierResult.Status.FAILED, detail);
        }
        try {
            markers.sent(day, channel, receipt, clock.instant());
        } catch (MarkerException e) {
            // it went out: report it sent; the claim left in place keeps a retry from sending it again
            return new NotifierResult.Delivery(channel, NotifierResult.Status.SENT, receipt + " (" + e.getMessage() + ")");
        }
        return new NotifierResult.Delivery(channel, NotifierResult.Status.SENT, receipt);
    }

    private NotifierResult.Delivery skipped(LocalDate day, String channel, Claim claim) {
        return switch (claim) {
            case Claim.AlreadySent sent -> new NotifierResult.Delivery(channel, NotifierResult.Status.ALREADY_SENT,
                    "sent at " + sent.sentAt() + " (" + sent.receipt() + ")");
            case Claim.InDoubt doubt -> new NotifierResult.Delivery(channel, NotifierResult.Status.IN_DOUBT,
                    "claimed at " + doubt.claimedAt() + " by a run that has not confirmed sending: it may be sending now, or "
                            + "it died mid-send. Not sent again; if it did not arrive, delete " + markers.location(day, channel)
                            + " and run the notifier again");
            case Claim.Claimed claimed -> throw new IllegalStateException("a claim is not a reason to skip: " + claimed);
        };
    }

    /** Adds the dashboard PDF when one is configured and available; returns a note for the email's footer. */
    private String snapshot(LocalDate day, String accountId, Deadline deadline, List<SesMail.Attachment> attachments) {
        if (snapshots == null) {
            return null;
        }
        Duration budget = deadline.remaining().minus(SNAPSHOT_RESERVE);
        if (budget.compareTo(SNAPSHOT_BUDGET) > 0) {
            budget = SNAPSHOT_BUDGET;
        }
        if (budget.isNegative() || budget.isZero()) {
            log.warn(clock.instant(), "dashboard snapshot skipped: not enough time left; sending the digest without it",
                    Map.of("component", "notifier", "day", day.toString()));
            return "The QuickSight dashboard is not attached today (not enough time left to print it).";
        }
        var outcome = snapshots.pdf(accountId, day, "stocktake-" + day + "-" + clock.millis(), Deadline.after(clock, budget));
        return switch (outcome) {
            case DashboardSnapshots.Outcome.Attached attached -> {
                attachments.add(new SesMail.Attachment(attached.fileName(), "application/pdf", attached.pdf()));
                yield "Also attached: " + attached.fileName() + ", the QuickSight dashboard.";
            }
            case DashboardSnapshots.Outcome.Unavailable unavailable -> {
                log.warn(clock.instant(), "dashboard snapshot not available; sending the digest without it",
                        Map.of("component", "notifier", "day", day.toString(), "reason", unavailable.reason()));
                yield "The QuickSight dashboard is not attached today (snapshot not available).";
            }
        };
    }

    private NotifierResult finish(LocalDate day, Instant start, Map<String, NotifierResult.Delivery> deliveries, Digest digest,
                                  Duration queries) {
        NotifierResult result = new NotifierResult(day, List.copyOf(deliveries.values()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("component", "notifier");
        fields.put("day", day.toString());
        Map<String, Object> channels = new LinkedHashMap<>();
        for (NotifierResult.Delivery delivery : result.deliveries()) {
            channels.put(delivery.channel(), Map.of("status", delivery.status().name(), "detail", delivery.detail()));
        }
        fields.put("deliveries", channels);
        if (digest != null && digest.totals().hasReports()) {
            fields.put("accountsReporting", digest.totals().accountsReporting());
        }
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("DigestsSent", result.count(NotifierResult.Status.SENT));
        metrics.put("DigestFailures", result.count(NotifierResult.Status.FAILED));
        metrics.put("DigestInDoubt", result.count(NotifierResult.Status.IN_DOUBT));
        metrics.put("DigestQueryMs", queries.toMillis());
        metrics.put("DigestDurationMs", Duration.between(start, clock.instant()).toMillis());
        boolean failed = result.count(NotifierResult.Status.FAILED) > 0;
        boolean doubt = result.count(NotifierResult.Status.IN_DOUBT) > 0;
        log.event(clock.instant(), failed || doubt ? "ERROR" : "INFO",
                failed ? "digest NOT delivered on every channel" : doubt ? "digest delivery in doubt" : "digest delivered",
                fields, metrics);
        if (failed) {
            throw new NotifierException(result);
        }
        return result;
    }

    private void logFailure(LocalDate day, Instant start, String step, String error) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("DigestsSent", 0);
        metrics.put("DigestFailures", 1);
        metrics.put("DigestDurationMs", Duration.between(start, clock.instant()).toMillis());
        log.event(clock.instant(), "ERROR", "digest NOT sent",
                Map.of("component", "notifier", "day", day.toString(), "step", step, "error", String.valueOf(error)), metrics);
    }
}
