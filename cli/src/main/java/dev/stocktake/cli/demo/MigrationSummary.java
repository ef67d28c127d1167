package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.sql.engine.LocalAthena;

/**
 * The migration as the views tell it at the end of the demo: the verdict counts of {@code migration_status} on a few
 * days (start, the first day with an Identity Center export, middle, end), the next milestone and the distance to it
 * ({@code goal_progress}), every milestone's status ({@code milestone_progress}), and who holds the next one back
 * ({@code milestone_blockers}: owners and accounts). Verdicts and statuses are printed in words ({@link MigrationWords}).
 *
 * @param days     the days of the table, in order, each with its label
 * @param counts   IAM users per verdict (in {@link #VERDICTS} order) per day
 * @param next     the next organization milestone, or {@code null} without milestones
 * @param owners   the owners holding the next organization milestone back, most console users first (top 5)
 * @param accounts the accounts holding it back, most console users first (top 5)
 */
record MigrationSummary(Map<LocalDate, String> days, Map<String, Map<LocalDate, Long>> counts, Next next,
                        List<MilestoneStatus> milestones, List<Blocker> owners, List<Blocker> accounts) {

    /** The verdicts of migration_status, in the order the view tries them. */
    static final List<String> VERDICTS = List.copyOf(MigrationWords.VERDICTS.keySet());

    /** goal_progress's next milestone. */
    record Next(LocalDate baselineDay, long baselineConsoleUsers, LocalDate currentDay, long currentConsoleUsers, LocalDate day, String name, long max, long distance,
                long daysLeft, boolean onTrack, LocalDate finalDay, Long finalMax) {
    }

    /** One row of milestone_progress. */
    record MilestoneStatus(String scopeType, String scope, LocalDate day, long max, String name, long current, long distance,
                           String status) {
    }

    /** An owner or an account holding the next milestone back, with its console users and share of the scope's. */
    record Blocker(String name, String detail, long consoleUsers, double share) {
    }

    MigrationSummary {
        days = new LinkedHashMap<>(days);
    }

    /**
     * @param days the days of the verdict table, each with its label, in order
     */
    static MigrationSummary load(LocalAthena athena, Map<LocalDate, String> days) {
        Map<String, Map<LocalDate, Long>> counts = new LinkedHashMap<>();
        VERDICTS.forEach(verdict -> counts.put(verdict, new LinkedHashMap<>()));
        String inDays = days.keySet().stream().map(day -> "date '" + day + "'").collect(Collectors.joining(", "));
        for (List<Object> row : athena.execute("demo summary", "select dt, verdict, count(*) from migration_status where dt in ("
                + inDays + ") group by dt, verdict").rows()) {
            counts.computeIfAbsent((String) row.get(1), verdict -> new LinkedHashMap<>()).put((LocalDate) row.get(0), (Long) row.get(2));
        }
        Next next = null;
        List<List<Object>> goal = athena.execute("demo summary", "select baseline_day, baseline_console_users, current_day, current_console_users, next_milestone_day, "
                + "next_milestone_name, next_milestone_max, distance_to_milestone, days_to_milestone, on_track, final_milestone_day, "
                + "final_milestone_max from goal_progress").rows();
        if (!goal.isEmpty() && goal.getFirst().get(4) != null) {
            List<Object> row = goal.getFirst();
            next = new Next((LocalDate) row.get(0), number(row.get(1)), (LocalDate) row.get(2), number(row.get(3)),
                    (LocalDate) row.get(4), (String) row.get(5), number(row.get(6)), number(row.get(7)), number(row.get(8)),
                    Boolean.TRUE.equals(row.get(9)), (LocalDate) row.get(10), row.get(11) == null ? null : number(row.get(11)));
        }
        List<MilestoneStatus> milestones = new ArrayList<>();
        for (List<Object> row : athena.execute("demo summary", "select scope_type, scope, day, max_console_users, name, "
                + "current_console_users, distance, status from milestone_progress order by day, scope_type, scope").rows()) {
            milestones.add(new MilestoneStatus((String) row.get(0), (String) row.get(1), (LocalDate) row.get(2), number(row.get(3)),
                    (String) row.get(4), number(row.get(5)), number(row.get(6)), (String) row.get(7)));
        }
        List<Blocker> owners = new ArrayList<>();
        List<Blocker> accounts = new ArrayList<>();
        if (next != null) {
            String organization = "from milestone_blockers where scope_type = 'organization' and day = date '" + next.day() + "'";
            for (List<Object> row : athena.execute("demo summary", "select coalesce(owner, '(no owner)'), count(distinct account_id), "
                    + "sum(console_users), sum(share_of_scope) " + organization + " group by 1 order by 3 desc, 1 limit 5").rows()) {
                long accountCount = number(row.get(1));
                owners.add(new Blocker((String) row.get(0), accountCount + (accountCount == 1 ? " account" : " accounts"),
                        number(row.get(2)), ((Number) row.get(3)).doubleValue()));
            }
            for (List<Object> row : athena.execute("demo summary", "select account_name, account_id, sum(console_users), "
                    + "sum(share_of_scope) " + organization + " group by 1, 2 order by 3 desc, 1, 2 limit 5").rows()) {
                accounts.add(new Blocker((String) row.get(0), (String) row.get(1), number(row.get(2)), ((Number) row.get(3)).doubleValue()));
            }
        }
        return new MigrationSummary(days, counts, next, milestones, owners, accounts);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    long count(String verdict, LocalDate day) {
        return counts.getOrDefault(verdict, Map.of()).getOrDefault(day, 0L);
    }

    void print(PrintWriter out) {
        out.println("Migration verdicts (migration_status), IAM users per day:");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-24s", "verdict"));
        StringBuilder labels = new StringBuilder(String.format(Locale.ROOT, "  %-24s", ""));
        days.forEach((day, label) -> {
            header.append(String.format(Locale.ROOT, " %12s", day));
            labels.append(String.format(Locale.ROOT, " %12s", label));
        });
        out.println(header);
        out.println(labels);
        for (String verdict : VERDICTS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-24s", MigrationWords.verdict(verdict)));
            days.keySet().forEach(day -> line.append(String.format(Locale.ROOT, " %12d", count(verdict, day))));
            out.println(line);
        }
        StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "  %-24s", "total"));
        days.keySet().forEach(day -> total.append(String.format(Locale.ROOT, " %12d",
                VERDICTS.stream().mapToLong(verdict -> count(verdict, day)).sum())));
        out.println(total);
        if (next == null) {
            out.println("Milestones: none configured (milestones/milestones.csv).");
            return;
        }
        out.printf(Locale.ROOT, "Console-capable IAM users: %d on %s, %d on %s (%.1f %% fewer).%n", next.baselineConsoleUsers(),
                next.baselineDay(), next.currentConsoleUsers(), next.currentDay(), next.baselineConsoleUsers() == 0 ? 0.0
                        : 100.0 * (next.baselineConsoleUsers() - next.currentConsoleUsers()) / next.baselineConsoleUsers());
        out.printf("Next milestone (goal_progress): %s on %s, at most %d console users; %d on %s, %d to go in %d days: %s.%n",
                next.name() == null ? "unnamed" : "\"" + next.name() + "\"", next.day(), next.max(), next.currentConsoleUsers(),
                next.currentDay(), next.distance(), next.daysLeft(), next.distance() == 0 ? "met"
                        : next.onTrack() ? "on track" : "behind");
        if (next.finalDay() != null) {
            out.printf("Final milestone: at most %d on %s.%n", next.finalMax(), next.finalDay());
        }
        out.println("Milestones (milestone_progress):");
        for (MilestoneStatus milestone : milestones) {
            out.printf("  %s  %-12s %-30s at most %4d, now %4d: %s%n", milestone.day(), milestone.scopeType(),
                    milestone.name() == null ? (milestone.scope() == null ? "" : milestone.scope()) : milestone.name(),
                    milestone.max(), milestone.current(), MigrationWords.milestoneStatus(milestone.status()));
        }
        if (!owners.isEmpty()) {
            out.println("Holding the next milestone back (milestone_blockers), owners:");
            owners.forEach(owner -> out.printf(Locale.ROOT, "  %-40s %4d console user%s in %s (%.0f %%)%n", owner.name(),
                    owner.consoleUsers(), owner.consoleUsers() == 1 ? "" : "s", owner.detail(), owner.share() * 100));
            out.println("  and accounts:");
            accounts.forEach(account -> out.printf(Locale.ROOT, "  %-24s %s  %4d console user%s (%.0f %%)%n", account.name(),
                    account.detail(), account.consoleUsers(), account.consoleUsers() == 1 ? "" : "s", account.share() * 100));
        }
    }
}
