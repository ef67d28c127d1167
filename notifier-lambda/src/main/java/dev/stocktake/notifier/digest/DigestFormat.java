package dev.stocktake.notifier.digest;

import java.util.Locale;

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

    /**
     * Where the goal stands, in words: {@code reached} only when the target is reached with every expected account
     * counted; at or under the target with accounts missing, {@code not reached: …}; else the projection, and a note
     * when the figure rests on incomplete coverage. No final stop.
     */
    public static String goalStatus(Digest.Goal goal) {
        if (goal.reached()) {
            return "reached";
        }
        if (goal.atOrUnderTarget()) {
            return "at or under the target by the figures, but not reached: the figure " + goal.incompleteNote();
        }
        String projection = goal.projectedDay() == null ? "no projection: console users have not gone down lately"
                : "projected for " + goal.projectedDay() + " at the recent pace ("
                        + String.format(Locale.ROOT, "%.1f", goal.recentDailyReduction()) + " fewer a day)";
        return goal.incomplete() ? projection + "; the figure " + goal.incompleteNote() : projection;
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
