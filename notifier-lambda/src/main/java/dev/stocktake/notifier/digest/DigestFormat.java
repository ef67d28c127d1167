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

    /** {@code 2026-03-14 (1 day ago)}, or {@code never} for an account that never reported. */
    public static String lastReport(MissingAccount account) {
        if (account.lastReportDay() == null) {
            return "never";
        }
        long days = account.daysSinceLastReport() == null ? 0 : account.daysSinceLastReport();
        return account.lastReportDay() + " (" + days + (days == 1 ? " day" : " days") + " ago)";
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
