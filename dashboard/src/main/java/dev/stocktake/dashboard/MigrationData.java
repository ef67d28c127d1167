package dev.stocktake.dashboard;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.allowlist.MigrationWords;

/**
 * Where the migration stands, from the dashboard's results: the configured milestones ({@code milestone_progress}),
 * who holds the next ones back ({@code milestone_blockers}), today's verdict counts ({@code migration_status}) and
 * the owners' to-do ({@code owner_todo}).
 *
 * @param milestones every configured milestone, the organization's first; empty: none configured
 * @param blockers   per scope, the accounts (and owners in them) holding back its next milestone, by rank
 * @param blockerOwners per scope, the owners holding back its next milestone, most console users first
 * @param verdicts   today's IAM users per verdict, every verdict of {@link #VERDICTS} in that order (0 when none)
 * @param owners     today's to-do per owner (every verdict but allowlisted), most IAM users first
 */
public record MigrationData(List<Milestone> milestones, List<Blocker> blockers, List<BlockerOwner> blockerOwners,
                            List<VerdictCount> verdicts, List<OwnerTodo> owners) {

    /** The verdicts of {@code migration_status}, in the order the dashboard lists them. */
    public static final List<String> VERDICTS = List.of("ready_to_remove", "needs_assignment", "no_identity", "machine_user",
            "still_in_use", "allowlisted", "identity_center_unknown");

    static final String ORGANIZATION = "organization";

    public MigrationData {
        milestones = List.copyOf(milestones);
        blockers = List.copyOf(blockers);
        blockerOwners = List.copyOf(blockerOwners);
        verdicts = List.copyOf(verdicts);
        owners = List.copyOf(owners);
    }

    /** Reads the figures from the results {@code milestone_progress}, {@code milestone_blockers}, {@code migration_verdicts}, {@code owner_todo}. */
    static MigrationData of(DashboardData data) {
        Dataset progress = data.dataset("milestone_progress");
        List<Milestone> milestones = progress.rows().stream().map(row -> new Milestone(
                text(progress, row, "scope_type"), text(progress, row, "scope"), date(progress, row, "day"),
                number(progress, row, "max_console_users"), blankToNull(text(progress, row, "name")),
                Boolean.TRUE.equals(row.get(progress.column("is_next"))), date(progress, row, "current_day"),
                number(progress, row, "current_console_users"), number(progress, row, "distance"),
                number(progress, row, "missing_accounts"), text(progress, row, "status"), date(progress, row, "projected_day")))
                .toList();
        Dataset blocking = data.dataset("milestone_blockers");
        List<Blocker> blockers = blocking.rows().stream().map(row -> new Blocker(text(blocking, row, "scope_type"),
                text(blocking, row, "scope"), text(blocking, row, "account_id"), text(blocking, row, "account_name"),
                text(blocking, row, "owner"), number(blocking, row, "console_users"),
                row.get(blocking.column("share_of_scope")) == null ? null : ((Number) row.get(blocking.column("share_of_scope"))).doubleValue(),
                number(blocking, row, "rank"))).toList();
        Dataset owning = data.dataset("milestone_blocker_owners");
        List<BlockerOwner> blockerOwners = owning.rows().stream().map(row -> new BlockerOwner(text(owning, row, "scope_type"),
                text(owning, row, "scope"), text(owning, row, "owner"), number(owning, row, "console_users"),
                number(owning, row, "accounts"),
                row.get(owning.column("share_of_scope")) == null ? null : ((Number) row.get(owning.column("share_of_scope"))).doubleValue()))
                .toList();

        Map<String, VerdictCount> counts = new LinkedHashMap<>();
        VERDICTS.forEach(v -> counts.put(v, new VerdictCount(v, 0, 0)));
        Dataset verdicts = data.dataset("migration_verdicts");
        for (List<Object> row : verdicts.rows()) {
            String verdict = text(verdicts, row, "verdict");
            if (!counts.containsKey(verdict)) {
                throw new IllegalStateException("migration_status has the verdict '" + verdict + "', not one of " + VERDICTS
                        + ": the dashboard and the view disagree; update the dashboard");
            }
            counts.put(verdict, new VerdictCount(verdict, number(verdicts, row, "users"), number(verdicts, row, "console_users")));
        }

        Dataset todo = data.dataset("owner_todo");
        Map<String, List<List<Object>>> byOwner = new LinkedHashMap<>();
        for (List<Object> row : todo.rows()) {
            byOwner.computeIfAbsent(text(todo, row, "owner"), owner -> new ArrayList<>()).add(row);
        }
        List<OwnerTodo> owners = new ArrayList<>();
        byOwner.forEach((owner, rows) -> {
            Map<String, Long> perVerdict = new LinkedHashMap<>();
            VERDICTS.forEach(v -> rows.stream().filter(r -> v.equals(text(todo, r, "verdict")))
                    .mapToLong(r -> number(todo, r, "users")).reduce(Long::sum).ifPresent(users -> perVerdict.put(v, users)));
            owners.add(new OwnerTodo(owner, rows.stream().mapToLong(r -> number(todo, r, "users")).sum(),
                    rows.stream().mapToLong(r -> number(todo, r, "console_users")).sum(),
                    rows.stream().map(r -> text(todo, r, "account_id")).distinct().count(), perVerdict));
        });
        owners.sort(Comparator.comparingLong(OwnerTodo::users).reversed().thenComparing(OwnerTodo::owner));
        return new MigrationData(milestones, blockers, blockerOwners, List.copyOf(counts.values()), owners);
    }

    /** The organization's next milestone, or {@code null} when no organization milestone is configured. */
    public Milestone next() {
        return milestones.stream().filter(m -> ORGANIZATION.equals(m.scopeType()) && m.next()).findFirst().orElse(null);
    }

    /** The organization's last milestone, or {@code null}. */
    public Milestone last() {
        return milestones.stream().filter(m -> ORGANIZATION.equals(m.scopeType())).max(Comparator.comparing(Milestone::day))
                .orElse(null);
    }

    /** The accounts holding back the organization's next milestone, by rank. */
    public List<Blocker> organizationBlockers() {
        return blockers.stream().filter(b -> ORGANIZATION.equals(b.scopeType())).toList();
    }

    /** The owners holding back the organization's next milestone, most console users first. */
    public List<BlockerOwner> organizationBlockerOwners() {
        return blockerOwners.stream().filter(b -> ORGANIZATION.equals(b.scopeType())).toList();
    }

    /** The next milestone of each OU, root or account scope. */
    public List<Milestone> scopedNext() {
        return milestones.stream().filter(m -> !ORGANIZATION.equals(m.scopeType()) && m.next()).toList();
    }

    /** IAM users with any verdict today. */
    public long users() {
        return verdicts.stream().mapToLong(VerdictCount::users).sum();
    }

    /**
     * A milestone: at most {@code maxConsoleUsers} console-capable IAM users in its scope by {@code day}.
     *
     * @param currentConsoleUsers console users in the scope on {@code currentDay}, or {@code null}
     * @param distance            console users above the maximum (0 at or under it), or {@code null}
     * @param status              {@code met}, {@code on_track}, {@code behind} or {@code missed}
     */
    public record Milestone(String scopeType, String scope, LocalDate day, long maxConsoleUsers, String name, boolean next,
                            LocalDate currentDay, Long currentConsoleUsers, Long distance, Long missingAccounts,
                            String status, LocalDate projectedDay) {

        /** Days from the figures' day to the milestone's day (negative once passed). */
        public long daysLeft() {
            return ChronoUnit.DAYS.between(currentDay, day);
        }
    }

    /** One owner's console users in one account that hold back a scope's next milestone ({@code owner} null: none). */
    public record Blocker(String scopeType, String scope, String accountId, String accountName, String owner,
                          long consoleUsers, Double shareOfScope, long rank) {
    }

    /** One owner's console users over the accounts holding back a scope's next milestone ({@code owner} null: none). */
    public record BlockerOwner(String scopeType, String scope, String owner, long consoleUsers, long accounts,
                               Double shareOfScope) {
    }

    public record VerdictCount(String verdict, long users, long consoleUsers) {

        /** The verdict in words: {@code ready to remove}, {@code Identity Center unknown}. */
        public String label() {
            return MigrationWords.verdict(verdict);
        }
    }

    /** @param verdicts users per verdict, in the order of {@link #VERDICTS}, only those the owner has */
    public record OwnerTodo(String owner, long users, long consoleUsers, long accounts, Map<String, Long> verdicts) {

        public OwnerTodo {
            verdicts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
        }
    }

    private static String text(Dataset dataset, List<Object> row, String column) {
        Object value = row.get(dataset.column(column));
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static LocalDate date(Dataset dataset, List<Object> row, String column) {
        String value = text(dataset, row, column);
        return value == null ? null : LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
    }

    private static Long number(Dataset dataset, List<Object> row, String column) {
        Object value = row.get(dataset.column(column));
        return value == null ? null : ((Number) value).longValue();
    }
}
