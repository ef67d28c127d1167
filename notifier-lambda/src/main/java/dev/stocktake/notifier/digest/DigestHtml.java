package dev.stocktake.notifier.digest;

import java.util.List;

import dev.stocktake.notifier.digest.Digest.Totals;
import dev.stocktake.notifier.email.HtmlTemplate;

/**
 * The digest as email-safe HTML ({@code digest.mustache}): nested tables, inline styles and {@code bgcolor} only, so
 * it reads the same in clients that run no scripts, drop {@code <style>} blocks, show no SVG and load no images. Bars
 * (goal and per account) are table cells with a background colour and a percentage width. The template engine
 * escapes every value from the data.
 */
public final class DigestHtml {

    /** Accounts shown in the per-account and missing-account tables; the rest are summed up in one line. */
    public static final int MAX_ACCOUNTS = 25;
    /** New users listed; the rest are counted. */
    public static final int MAX_NEW_USERS = 30;
    /** Allowlist findings listed; the rest are counted. */
    public static final int MAX_FINDINGS = 30;
    /** Rejected report files listed; the rest are counted. */
    public static final int MAX_REJECTED = 10;
    /** The remediated users listed at most (unfinished applies and the day's changes); the rest are counted. */
    public static final int MAX_REMEDIATED = 10;

    static final String BLUE = "#2f6fde";
    static final String GREEN = "#1a7f37";
    static final String RED = "#c62828";
    static final String GREY = "#6b7280";

    private static final HtmlTemplate TEMPLATE = HtmlTemplate.load("dev/stocktake/notifier/digest/digest.mustache");

    private DigestHtml() {
    }

    /**
     * @param notes lines for the footer, e.g. what is attached or why the dashboard snapshot is not (plain text)
     */
    public static String render(Digest digest, List<String> notes) {
        return TEMPLATE.render(DigestView.of(digest, notes));
    }

    /** The email's subject line, e.g. {@code Stocktake: 46 console-capable IAM users on 2026-03-05 (-3 since yesterday)}. */
    public static String subject(Digest digest) {
        Totals totals = digest.totals();
        if (!totals.hasReports()) {
            return "Stocktake: no credential reports for " + digest.day();
        }
        StringBuilder subject = new StringBuilder("Stocktake: ").append(totals.consoleUsers())
                .append(" console-capable IAM users on ").append(digest.day());
        if (totals.consoleUsersDayBefore() != null) {
            subject.append(" (").append(DigestFormat.signed(totals.consoleUsers() - totals.consoleUsersDayBefore()))
                    .append(" since yesterday)");
        }
        return subject.toString();
    }
}
