package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.stocktake.cli.remediate.PlanCommand;
import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.Journal;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.Planner;
import dev.stocktake.remediation.Remediator;
import dev.stocktake.sql.engine.LocalAthena;

/**
 * The end of the migration, with {@code stocktake remediate}: the real planner and remediator of the remediation module
 * (the code behind {@code remediate plan|apply|undo}) run against the emulator with the demo's simulated clock.
 * On the quarantine day, after the day's collection, a quarantine plan is made from that day's {@code migration_status}
 * ({@code ready_to_remove}) for a few accounts, dry-run, then applied; some days later the quarantine of one user is
 * undone (a person who still needed it), one action at a time; a few days after that someone re-activates a
 * quarantined user's access key by hand, uses it and turns it off again (only the report shows it); after the watch
 * window a deletion plan deletes the quiet users and refuses that one ({@code used_since_quarantine}). The users in
 * the plan are {@link Handover handed over}: the simulation stops changing them. The journal is written to the demo's
 * bucket under {@code remediation/} and copied beside the reports; the plans and every line the commands print go to
 * {@code remediation/} in the demo folder ({@link RemediationDesk}).
 */
final class DemoRemediation {

    /** IAM's answer for a user without service-specific credentials (the demo's proxy gives it: moto lacks the call). */
    static final String NO_SERVICE_SPECIFIC_CREDENTIALS = "<ListServiceSpecificCredentialsResponse "
            + "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListServiceSpecificCredentialsResult><ServiceSpecificCredentials/>"
            + "</ListServiceSpecificCredentialsResult><ResponseMetadata><RequestId>stocktake-demo</RequestId></ResponseMetadata>"
            + "</ListServiceSpecificCredentialsResponse>";
    /** How many accounts the quarantine plan takes. */
    static final int ACCOUNTS = 3;
    static final int MINUTE_OF_QUARANTINE = 10;

    /**
     * The days (report day indexes) of each event. {@code watchDays} whole days lie between the quarantine and the
     * deletion plan, and at least one report day follows the deletion.
     */
    record Schedule(int quarantineDay, int undoDay, int usedDay, int deleteDay, int watchDays) {

        /** The schedule for a demo of {@code days} days whose verdicts are known from {@code firstVerdictDay}; null when too short. */
        static Schedule of(int days, int firstVerdictDay) {
            if (days < 12) {
                return null;
            }
            int quarantine = Math.max(firstVerdictDay, days / 3);
            int watch = Math.min(30, days - quarantine - 3);
            if (watch < 3) {
                return null;
            }
            int undo = quarantine + Math.max(1, Math.min(3, watch / 3));
            int used = undo + Math.max(1, Math.min(2, watch / 3));
            return new Schedule(quarantine, undo, used, quarantine + watch + 1, watch);
        }
    }

    /** What remediation did, for the summary (counts only: user names stay in the reports and the journal). */
    record Outcome(Schedule schedule, LocalDate firstDay, String quarantinePlan, String deletionPlan, int accounts,
                   int quarantinedUsers, int quarantineActions, int undoneUsers, int undoneActions, int usedSinceQuarantine,
                   int deletionRefusals, int deletedUsers, int deletionActions, int journalRecords, Path transcript) {
    }

    private final DemoOrganization plan;
    private final Incidents incidents;
    private final List<Simulation> simulations;
    private final List<DemoAllowlist.Entry> allowlist;
    private final PrintWriter out;
    private final Schedule schedule;
    private final Handover handover = new Handover();
    private final RemediationDesk desk;
    private final SimulatedClock clock;
    private final PrintWriter log;

    private Plan quarantine;
    private Plan deletion;
    private Plan.User undone;
    private Plan.User usedByHand;
    private int quarantineActions;
    private int undoneActions;
    private int deletionActions;
    private int deletionRefusals;
    private int usedSinceQuarantine;
    private int deleted;

    DemoRemediation(DemoOrganization plan, Incidents incidents, List<Simulation> simulations, List<DemoAllowlist.Entry> allowlist,
                    DemoBucket bucket, URI emulator, Path folder, int firstVerdictDay, PrintWriter out) {
        this.plan = plan;
        this.incidents = incidents;
        this.simulations = simulations;
        this.allowlist = allowlist;
        this.desk = new RemediationDesk(bucket, emulator, folder.resolve("remediation"));
        this.clock = desk.clock();
        this.log = desk.log();
        this.out = out;
        this.schedule = Schedule.of(plan.days(), firstVerdictDay);
        simulations.forEach(simulation -> simulation.handover(handover));
    }

    Schedule schedule() {
        return schedule;
    }

    /** Whether the engine is needed after report day {@code day} (it is started then if not yet). */
    boolean needsEngine(int day) {
        return schedule != null && (day == schedule.quarantineDay() || day == schedule.deleteDay());
    }

    /** Before the day's changes and collection: the key used by hand. */
    void beforeDay(int day) {
        if (schedule == null || day != schedule.usedDay() || usedByHand == null) {
            return;
        }
        Simulation simulation = simulation(usedByHand.accountId());
        Instant at = plan.at(day, 9, 41);
        simulation.useKeyByHand(usedByHand.userName(), 0, day, at);
        log.printf("%n# Day %d (%s): someone re-activates a quarantined user's access key by hand, uses it at %s and deactivates "
                + "it again. IAM looks quarantined; the day's credential report shows the use.%n", day + 1, plan.firstDay().plusDays(day), at);
        out.printf("  day %d (%s): a quarantined user's access key is re-activated by hand, used and deactivated again "
                + "(only the report shows it)%n", day + 1, plan.firstDay().plusDays(day));
        out.flush();
    }

    /** After the day's collection: the quarantine, the undo or the deletion of the day. */
    void afterDay(int day, Supplier<LocalAthena> engine) {
        if (schedule == null) {
            return;
        }
        if (day == schedule.quarantineDay()) {
            quarantine(day, engine.get());
        } else if (day == schedule.undoDay() && undone != null) {
            undo(day);
        } else if (day == schedule.deleteDay() && quarantine != null) {
            delete(day, engine.get());
        }
    }

    private void quarantine(int day, LocalAthena athena) {
        LocalDate date = plan.firstDay().plusDays(day);
        List<Planner.Candidate> all = PlanCommand.candidates(athena, date, List.of("ready_to_remove"), null, null);
        List<String> accounts = chooseAccounts(all);
        List<Planner.Candidate> candidates = all.stream().filter(c -> accounts.contains(c.accountId())).toList();
        if (candidates.isEmpty()) {
            out.printf("  day %d (%s): no ready_to_remove user to quarantine (no Stocktake remediation in this demo)%n", day + 1, date);
            return;
        }
        at(day, 23, MINUTE_OF_QUARANTINE);
        try (AccountClients clients = desk.clients("stocktake-demo-remediate-plan")) {
            log.printf("# Day %d (%s), after the day's reports: a quarantine plan for the ready_to_remove users of %d accounts "
                    + "(%s)%n$ stocktake remediate plan --data reports --account … --out %s%n", day + 1, date, accounts.size(),
                    String.join(", ", accounts), "quarantine.json");
            quarantine = new Planner(clients, clock, log).quarantine(candidates, "reports", date);
        }
        String file = desk.save(quarantine, "quarantine.json");
        quarantine.users().forEach(user -> handover.handOver(user.accountId(), user.userName()));
        usedByHand = quarantine.users().stream().filter(user -> user.steps().stream()
                .anyMatch(step -> step.action() == Action.DEACTIVATE_ACCESS_KEY)).findFirst().orElse(null);
        // the one undone: the last user with a console password that is not the one used by hand, else the last other one
        List<Plan.User> others = quarantine.users().stream().filter(user -> user != usedByHand).toList();
        undone = others.stream().filter(user -> user.steps().stream().anyMatch(step -> step.action() == Action.DELETE_LOGIN_PROFILE))
                .reduce((first, second) -> second).orElse(others.isEmpty() ? null : others.getLast());
        log.printf("%n$ stocktake remediate apply %s --bucket s3://%s%n", file, desk.bucketName());
        Remediator.Result dry = desk.apply(quarantine, false);
        log.printf("%n$ stocktake remediate apply %s --bucket s3://%s --execute%n", file, desk.bucketName());
        Remediator.Result applied = desk.apply(quarantine, true);
        quarantineActions = applied.done();
        int journal = desk.mirrorJournal();
        out.printf("  day %d (%s): stocktake remediate: plan %s quarantines %d ready_to_remove users of %d accounts: dry run "
                        + "(%d would run), then --execute: %d actions done, %d refused; journal s3://%s/%s (%d records)%n",
                day + 1, date, quarantine.planId(), quarantine.users().size(), accounts.size(), dry.wouldDo(), applied.done(),
                applied.refusals().size(), desk.bucketName(), desk.journal().folder(quarantine.planId()), journal);
        out.flush();
    }

    /**
     * The accounts of the plan: up to {@value #ACCOUNTS} with the most ready_to_remove users, among those that hold no
     * allowlisted user and are neither the failing nor the suspended account; the first with a user that holds an
     * active access key (for the key used by hand later).
     */
    private List<String> chooseAccounts(List<Planner.Candidate> candidates) {
        Set<String> excluded = allowlist.stream().map(DemoAllowlist.Entry::accountId).collect(Collectors.toSet());
        for (Simulation simulation : simulations) {
            int index = simulation.account().index();
            if (index == incidents.failingAccount() || index == incidents.suspendedAccount()) {
                excluded.add(simulation.member().id());
            }
        }
        Map<String, List<Planner.Candidate>> byAccount = new LinkedHashMap<>();
        candidates.stream().filter(c -> !excluded.contains(c.accountId()))
                .forEach(c -> byAccount.computeIfAbsent(c.accountId(), id -> new ArrayList<>()).add(c));
        List<String> ranked = byAccount.keySet().stream()
                .sorted(Comparator.comparing((String id) -> -byAccount.get(id).size()).thenComparing(id -> id)).toList();
        List<String> chosen = new ArrayList<>();
        ranked.stream().filter(id -> byAccount.get(id).stream().anyMatch(c -> !"0".equals(c.evidence().get("active_access_keys"))))
                .findFirst().ifPresent(chosen::add);
        for (String id : ranked) {
            if (chosen.size() < ACCOUNTS && !chosen.contains(id)) {
                chosen.add(id);
            }
        }
        return chosen;
    }

    private void undo(int day) {
        LocalDate date = plan.firstDay().plusDays(day);
        at(day, 23, 20);
        log.printf("%n# Day %d (%s): the owner says %s still needs the user: its quarantine is undone, one action at a time "
                + "(last first)%n", day + 1, date, undone.userName());
        List<Plan.Step> steps = new ArrayList<>(undone.steps());
        java.util.Collections.reverse(steps);
        for (Plan.Step step : steps) {
            undoneActions += desk.undo(quarantine.planId(), step.id()).done();
        }
        if (undone.steps().stream().anyMatch(step -> step.action() == Action.DELETE_LOGIN_PROFILE)) {
            handover.passwordCreated(undone.accountId(), undone.userName(), clock.instant());
        }
        int records = desk.mirrorJournal();
        out.printf("  day %d (%s): stocktake remediate undo: one user's quarantine undone (%d actions), the owner still needs it; "
                + "journal: %d records%n", day + 1, date, undoneActions, records);
        out.flush();
    }

    private void delete(int day, LocalAthena athena) {
        LocalDate date = plan.firstDay().plusDays(day);
        at(day, 23, 30);
        Journal journal = desk.journal();
        StringWriter planned = new StringWriter();
        try (AccountClients clients = desk.clients("stocktake-demo-remediate-plan")) {
            PrintWriter tee = new PrintWriter(planned, true);
            log.printf("%n# Day %d (%s), %d days after the quarantine: the deletion plan%n$ stocktake remediate plan --delete "
                    + "--quarantine-plan quarantine.json --bucket s3://%s --watch-days %d --data reports --out deletion.json%n",
                    day + 1, date, day - schedule.quarantineDay(), desk.bucketName(), schedule.watchDays());
            Map<String, Instant> lastUses = lastUses(athena, plan.firstDay().plusDays(schedule.quarantineDay()));
            LocalDate quarantined = plan.firstDay().plusDays(schedule.quarantineDay());
            deletion = new Planner(clients, clock, tee).delete(quarantine, journal, schedule.watchDays(),
                    (accountId, user, from) -> from.equals(quarantined) ? lastUses.get(accountId + "/" + user)
                            : PlanCommand.lastUse(athena, accountId, user, from), "reports", date);
        }
        log.print(planned);
        usedSinceQuarantine = (int) planned.toString().lines().filter(line -> line.contains("REFUSED (used_since_quarantine)")).count();
        deletionRefusals = (int) planned.toString().lines().filter(line -> line.contains("REFUSED")).count();
        String file = desk.save(deletion, "deletion.json");
        Remediator.Result applied = null;
        if (!deletion.users().isEmpty()) {
            log.printf("%n$ stocktake remediate apply %s --bucket s3://%s --execute%n", file, desk.bucketName());
            applied = desk.apply(deletion, true);
            deletionActions = applied.done();
            deleted = deletion.users().size() - applied.refusals().size();
            deletionRefusals += applied.refusals().size();
            usedSinceQuarantine += (int) applied.refusals().stream()
                    .filter(r -> r.reason() == dev.stocktake.remediation.Refusal.Reason.USED_SINCE_QUARANTINE).count();
        }
        int records = desk.mirrorJournal();
        out.printf("  day %d (%s): stocktake remediate: deletion plan %s after a %d-day watch window: %d users deleted (%d actions), "
                        + "%d refused (%d used since the quarantine); journal: %d records%n", day + 1, date, deletion.planId(),
                schedule.watchDays(), deletedUsers(), deletionActions, deletionRefusals, usedSinceQuarantine, records);
        out.flush();
    }

    /**
     * What {@link PlanCommand#lastUse} answers for each user of the quarantine plan from {@code from} on (the latest use
     * of the password or a key in the reports), in one statement instead of one per user.
     */
    private Map<String, Instant> lastUses(LocalAthena athena, LocalDate from) {
        String accounts = quarantine.users().stream().map(Plan.User::accountId).distinct().map(id -> "'" + id + "'")
                .collect(Collectors.joining(", "));
        String where = " from iam_users where account_id in (" + accounts + ") and dt >= date '" + from + "'";
        var result = athena.execute("stocktake demo", "select account_id, user_name, cast(max(t) as varchar) from ("
                + "select account_id, user_name, password_last_used as t" + where
                + " union all select account_id, user_name, access_key_1_last_used" + where
                + " union all select account_id, user_name, access_key_2_last_used" + where + ") group by account_id, user_name");
        Map<String, Instant> uses = new java.util.HashMap<>();
        for (List<Object> row : result.rows()) {
            if (row.get(2) != null) {
                uses.put(row.get(0) + "/" + row.get(1), java.time.LocalDateTime.parse(row.get(2).toString().replace(' ', 'T'))
                        .toInstant(java.time.ZoneOffset.UTC));
            }
        }
        return uses;
    }

    private int deletedUsers() {
        return deleted;
    }

    /** Writes the transcript; what remediation did. Null when the demo is too short for it. */
    Outcome finish() {
        if (schedule == null) {
            return null;
        }
        Path file = desk.writeTranscript();
        int records = quarantine == null ? 0 : desk.mirrorJournal();
        return new Outcome(schedule, plan.firstDay(), quarantine == null ? null : quarantine.planId(),
                deletion == null ? null : deletion.planId(),
                quarantine == null ? 0 : (int) quarantine.users().stream().map(Plan.User::accountId).distinct().count(),
                quarantine == null ? 0 : quarantine.users().size(), quarantineActions, undone == null || undoneActions == 0 ? 0 : 1,
                undoneActions, usedSinceQuarantine, deletionRefusals, deletedUsers(), deletionActions, records, file);
    }

    private Simulation simulation(String accountId) {
        return simulations.stream().filter(s -> s.member().id().equals(accountId)).findFirst().orElseThrow();
    }

    private void at(int day, int hour, int minute) {
        clock.set(plan.at(day, hour, minute));
    }
}
