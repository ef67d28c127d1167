package dev.stocktake.notifier.digest;

import java.util.List;
import java.util.Locale;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.notifier.digest.Digest.Coverage;
import dev.stocktake.notifier.digest.Digest.MissingAccount;

/** How the digest writes its figures, the same in the email (HTML and text) and on Slack. Pure. */
public final class DigestFormat {

    private DigestFormat() {
    }

    /** {@code +3}, {@code −2} (a real minus sign), {@code ±0}. */
    public static String signed(long change) {
        return change > 0 ? "+" + change : change < 0 ? "\u2212" + (-change) : "\u00b10";
    }

    /** A share as a whole percentage: {@code 0.9} is {@code 90 %}. */
    public static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    /** {@code 75 %}, or {@code 75.5 %} when not whole; a dash when no account was expected. */
    public static String coveragePercent(Coverage coverage) {
        if (coverage.percent() == null) {
            return "\u2014";
        }
        double percent = coverage.percent();
        return (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.format(Locale.ROOT, "%.1f", percent)) + " %";
    }

    /**
     * {@code 2026-03-14 (1 day ago)}, {@code 2026-03-14 (1 day ago, carried)} when the totals count that report,
     * {@code today's rejected; 2026-03-14 (1 day ago, carried)} when the day's report was rejected, or {@code never}.
     */
    public static String lastReport(MissingAccount account) {
        String rejected = account.rejected() ? "today's rejected; " : "";
        if (account.lastReportDay() == null) {
            return rejected + "never";
        }
        long days = account.daysSinceLastReport() == null ? 0 : account.daysSinceLastReport();
        return rejected + account.lastReportDay() + " (" + days + (days == 1 ? " day" : " days") + " ago"
                + (account.carried() ? ", carried" : "") + ")";
    }

    /** {@code prod (111111111111): ARN of account … in the report of account …}: a rejected file, never its contents. */
    public static String rejected(Digest.RejectedReport report) {
        return report.account() + ": " + report.reason();
    }

    /** {@code under 100: at most 100 console-capable IAM users by 2027-03-31}; without a name, from "at most" on. */
    public static String milestone(Migration.Milestone milestone) {
        return (milestone.name() == null ? "" : milestone.name() + ": ") + "at most " + milestone.maxConsoleUsers()
                + " console-capable IAM users by " + milestone.day();
    }

    /** {@code 118 days left}, {@code 1 day left}, {@code due today}, {@code passed 3 days ago}. */
    public static String daysLeft(Migration.Milestone milestone) {
        long days = milestone.daysLeft();
        return days > 0 ? plural(days, "day", "days") + " left" : days == 0 ? "due today" : "passed " + plural(-days, "day", "days") + " ago";
    }

    /** The view's status in words: {@code met}, {@code on track}, {@code behind}, {@code missed}. */
    public static String status(String status) {
        return status == null ? "status unknown" : MigrationWords.milestoneStatus(status);
    }

    /**
     * Where a milestone stands: {@code now 130, 30 above the maximum: behind; projected for 2027-05-02 at the recent
     * pace}, and {@code ; rests on incomplete coverage (2 accounts missing)} when accounts of the scope are missing.
     */
    public static String standing(Migration.Milestone milestone) {
        StringBuilder text = new StringBuilder();
        if (milestone.currentConsoleUsers() == null) {
            text.append("no console users counted in the scope");
        } else {
            long distance = milestone.distance() == null ? 0 : milestone.distance();
            text.append("now ").append(milestone.currentConsoleUsers())
                    .append(distance > 0 ? ", " + distance + " above the maximum" : ", at or under the maximum");
        }
        text.append(": ").append(status(milestone.status()));
        if ("on_track".equals(milestone.status()) || "behind".equals(milestone.status())) {
            text.append(milestone.projectedDay() == null ? "; no projection: console users have not gone down lately"
                    : "; projected for " + milestone.projectedDay() + " at the recent pace");
        }
        if (milestone.missingAccounts() != null && milestone.missingAccounts() > 0) {
            text.append("; rests on incomplete coverage (").append(plural(milestone.missingAccounts(), "account", "accounts"))
                    .append(" missing)");
        }
        return text.toString();
    }

    /** {@code OU ou-ab12-11111111}, {@code root r-ab12}, {@code account 111111111111}, {@code the organization}. */
    public static String scope(String scopeType, String scope) {
        if (Migration.ORGANIZATION.equals(scopeType) || scope == null || scope.isEmpty()) {
            return "the organization";
        }
        return ("ou".equals(scopeType) ? (scope.startsWith("r-") ? "root " : "OU ") : scopeType + " ") + scope;
    }

    /** {@code prod (111111111111), owner team-a: 25 console users (19 % of the scope)}. */
    public static String blocker(Migration.Blocker blocker) {
        return blocker.accountName() + " (" + blocker.accountId() + "), owner " + owner(blocker.owner()) + ": "
                + plural(blocker.consoleUsers(), "console user", "console users")
                + (blocker.shareOfScope() == null ? "" : " (" + percent(blocker.shareOfScope()) + " of the scope)");
    }

    /** {@code team-a: 40 console users in 3 accounts (31 % of the scope)}. */
    public static String blockerOwner(Migration.BlockerOwner owner) {
        return owner(owner.owner()) + ": " + plural(owner.consoleUsers(), "console user", "console users") + " in "
                + plural(owner.accounts(), "account", "accounts")
                + (owner.shareOfScope() == null ? "" : " (" + percent(owner.shareOfScope()) + " of the scope)");
    }

    /** {@code ready to remove 5, needs assignment 3, …}: every verdict, 0 included, in words. */
    public static String verdicts(List<Migration.VerdictCount> verdicts) {
        return String.join(", ", verdicts.stream().map(v -> MigrationWords.verdict(v.verdict()) + " " + v.users()).toList());
    }

    /** {@code team-a: 8 IAM users (3 console) in 2 accounts: ready to remove 5, needs assignment 3}. */
    public static String ownerTodo(Migration.OwnerTodo todo) {
        return owner(todo.owner()) + ": " + plural(todo.users(), "IAM user", "IAM users") + " (" + todo.consoleUsers()
                + " console) in " + plural(todo.accounts(), "account", "accounts") + ": " + verdicts(todo.verdicts());
    }

    /**
     * {@code Quarantined today: 2. Removed by Stocktake today: 1. In the watch window: 5; past it (a deletion plan may
     * take them): 1. Unfinished applies: 1 (run them again).}
     */
    public static String remediation(Digest digest) {
        long unfinished = digest.remediation().stream().filter(Digest.Remediated::unfinished).count();
        return "Quarantined today: " + digest.quarantinedToday() + ". Removed by Stocktake today: " + digest.removedToday()
                + ". In the watch window: " + digest.inWatchWindow() + "; past it (a deletion plan may take them): "
                + digest.pastWatchWindow() + "." + (unfinished == 0 ? "" : " Unfinished applies: " + unfinished
                + " (run the same stocktake remediate apply again).");
    }

    /** The owner, or {@code (no owner)}. */
    public static String owner(String owner) {
        return owner == null || owner.isEmpty() ? "(no owner)" : owner;
    }

    public static String orDash(String text) {
        return text == null || text.isEmpty() ? "\u2014" : text;
    }

    static String credentialLabel(String credential) {
        return switch (credential == null ? "" : credential) {
            case "password" -> "password";
            case "access_key_1" -> "access key 1";
            case "access_key_2" -> "access key 2";
            default -> String.valueOf(credential);
        };
    }

    /** {@code 2026-03-05 06:00:00.000} as {@code 2026-03-05 06:00}. */
    static String minutes(String timestamp) {
        return timestamp == null ? "" : timestamp.length() > 16 ? timestamp.substring(0, 16).replace('T', ' ') : timestamp;
    }

    /** {@code 2026-03-05 06:00:00.000} as {@code 2026-03-05}. */
    public static String day(String timestamp) {
        return timestamp == null ? "" : timestamp.length() > 10 ? timestamp.substring(0, 10) : timestamp;
    }

    static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
