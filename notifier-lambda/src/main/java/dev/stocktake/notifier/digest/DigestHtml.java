package dev.stocktake.notifier.digest;

import java.util.List;
import java.util.Locale;

import dev.stocktake.notifier.digest.Digest.AccountLine;
import dev.stocktake.notifier.digest.Digest.Coverage;
import dev.stocktake.notifier.digest.Digest.Goal;
import dev.stocktake.notifier.digest.Digest.MissingAccount;
import dev.stocktake.notifier.digest.Digest.NewUser;
import dev.stocktake.notifier.digest.Digest.StaleCredential;
import dev.stocktake.notifier.digest.Digest.Totals;

/**
 * The digest as email-safe HTML: nested tables, inline styles and {@code bgcolor} only, so it reads the same in
 * clients that run no scripts, drop {@code <style>} blocks, show no SVG and load no images. Bars (goal and per
 * account) are table cells with a background colour and a percentage width. Every value from the data is escaped.
 */
public final class DigestHtml {

    /** Accounts shown in the per-account table; the rest are summed up in one line. */
    public static final int MAX_ACCOUNTS = 25;
    /** New users listed; the rest are counted. */
    public static final int MAX_NEW_USERS = 30;

    static final String BLUE = "#2f6fde";
    static final String GREEN = "#1a7f37";
    static final String RED = "#c62828";
    static final String GREY = "#6b7280";
    static final String TRACK = "#e5e9f0";
    private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
    private static final String CELL = "padding:6px 8px;border-top:1px solid #e5e9f0;font-size:13px;";

    private DigestHtml() {
    }

    /**
     * @param notes lines for the footer, e.g. what is attached or why the dashboard snapshot is not (plain text)
     */
    public static String render(Digest digest, List<String> notes) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>").append(escape(subject(digest))).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:0;background:#f3f5f8;").append(FONT).append("color:#1d2433\">\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" bgcolor=\"#f3f5f8\"><tr><td align=\"center\" style=\"padding:16px 8px\">\n")
                .append("<table role=\"presentation\" width=\"680\" cellpadding=\"0\" cellspacing=\"0\" bgcolor=\"#ffffff\" style=\"width:680px;max-width:100%;background:#ffffff;border:1px solid #dde2ea\">\n");
        header(html, digest);
        Totals totals = digest.totals();
        if (!totals.hasReports()) {
            row(html, "<p style=\"margin:0;padding:12px;background:#fff4e5;border:1px solid #f0c36d;font-size:14px\"><b>No credential "
                    + "report has arrived for " + digest.day() + ".</b> The collection may have failed or not run yet; the "
                    + "figures below are empty. Check the collector's CollectionFailures metric.</p>");
            coverage(html, digest);
        } else {
            kpis(html, totals);
            coverage(html, digest);
            goal(html, digest.goal());
            allowlist(html, digest);
            accounts(html, digest);
        }
        newUsers(html, digest.newUsers());
        stale(html, digest);
        footer(html, digest, notes);
        html.append("</table>\n</td></tr></table>\n</body></html>\n");
        return html.toString();
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
            subject.append(" (").append(signed(totals.consoleUsers() - totals.consoleUsersDayBefore())).append(" since yesterday)");
        }
        return subject.toString();
    }

    private static void header(StringBuilder html, Digest digest) {
        html.append("<tr><td bgcolor=\"#1d2433\" style=\"background:#1d2433;padding:16px 20px;color:#ffffff\">")
                .append("<div style=\"font-size:12px;letter-spacing:1px;color:#aeb8cc\">STOCKTAKE &middot; DAILY DIGEST</div>")
                .append("<div style=\"font-size:22px;font-weight:bold;margin-top:4px\">IAM users on ").append(digest.day()).append("</div>")
                .append("<div style=\"font-size:13px;color:#d5dbe6;margin-top:4px\">")
                .append(digest.totals().accountsReporting()).append(" account").append(digest.totals().accountsReporting() == 1 ? "" : "s")
                .append(" reported today");
        if (digest.totals().accountsReportingDayBefore() > 0 || digest.totals().hasReports()) {
            html.append(", ").append(digest.totals().accountsReportingDayBefore()).append(" yesterday");
        }
        html.append("</div></td></tr>\n");
    }

    private static void kpis(StringBuilder html, Totals totals) {
        html.append("<tr><td style=\"padding:18px 20px 6px\">")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr>")
                .append("<td width=\"34%\" valign=\"top\" style=\"padding-right:8px\">")
                .append("<div style=\"font-size:40px;font-weight:bold;line-height:44px\">").append(totals.consoleUsers()).append("</div>")
                .append("<div style=\"font-size:13px;color:").append(GREY).append("\">console-capable IAM users now</div></td>");
        kpi(html, "since yesterday", totals.consoleUsers(), totals.consoleUsersDayBefore());
        kpi(html, "in 7 days", totals.consoleUsers(), totals.consoleUsers7DaysBefore());
        kpi(html, "in 14 days", totals.consoleUsers(), totals.consoleUsers14DaysBefore());
        html.append("</tr></table>")
                .append("<div style=\"font-size:12px;color:").append(GREY).append(";margin-top:8px\">")
                .append(totals.users()).append(" IAM users in all; ").append(totals.consoleUsersWithoutMfa())
                .append(" console users without MFA.</div></td></tr>\n");
    }

    /**
     * Accepted vs to remove: of the users holding a console password or an active key, those the allowlist accepts and
     * those to remove, console users among them; the users the allowlist flags (expired entries, violations) with the
     * entry's owner.
     */
    private static void allowlist(StringBuilder html, Digest digest) {
        Digest.AllowlistSplit split = digest.allowlist();
        section(html, "To remove: " + split.usersToRemove() + " \u00b7 accepted (allowlisted): " + split.acceptedUsers());
        html.append("<tr><td style=\"padding:0 20px 6px;font-size:14px;line-height:20px\">")
                .append("Of the IAM users holding a console password or an active access key: <b style=\"color:").append(RED).append("\">")
                .append(split.usersToRemove()).append(" to remove</b> (").append(split.consoleUsersToRemove())
                .append(" with console access), <b style=\"color:").append(GREEN).append("\">").append(split.acceptedUsers())
                .append(" accepted</b> by the allowlist (").append(split.acceptedConsoleUsers()).append(" with console access).")
                .append("</td></tr>\n");
        List<Digest.Finding> findings = digest.findings();
        if (findings.isEmpty()) {
            html.append("<tr><td style=\"padding:0 20px 8px;font-size:13px;color:").append(GREY)
                    .append("\">No allowlist findings: no expired entry lists a user, and no user holds more than its entry allows.</td></tr>\n");
            return;
        }
        html.append("<tr><td style=\"padding:0 20px 8px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">")
                .append("<tr style=\"font-size:12px;color:").append(GREY).append("\">").append(th("left", "Allowlist finding"))
                .append(th("left", "User")).append(th("left", "Holds")).append(th("left", "Owner")).append(th("left", "Entry")).append("</tr>\n");
        for (Digest.Finding finding : findings.subList(0, Math.min(findings.size(), MAX_NEW_USERS))) {
            html.append("<tr><td style=\"").append(CELL).append("color:").append(RED).append("\"><b>")
                    .append("expired".equals(finding.status()) ? "expired " + (finding.daysSinceExpiry() == null ? "" : finding.daysSinceExpiry()
                            + (finding.daysSinceExpiry() == 1 ? " day" : " days") + " ago") : escape(finding.status()))
                    .append("</b></td><td style=\"").append(CELL).append("\"><b>").append(escape(finding.userName()))
                    .append("</b> in ").append(escape(finding.accountName())).append(" <span style=\"color:").append(GREY).append("\">")
                    .append(escape(finding.accountId())).append("</span></td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(finding.credentialsHeld())).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(orDash(finding.owner()))).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(orDash(finding.reason())))
                    .append(finding.ticket() == null || finding.ticket().isEmpty() ? "" : " (" + escape(finding.ticket()) + ")")
                    .append(", until ").append(escape(orDash(finding.expires()))).append("</td></tr>\n");
        }
        if (findings.size() > MAX_NEW_USERS) {
            html.append("<tr><td colspan=\"5\" style=\"").append(CELL).append("color:").append(GREY).append("\">and ")
                    .append(findings.size() - MAX_NEW_USERS).append(" more</td></tr>\n");
        }
        html.append("</table></td></tr>\n");
    }

    private static void kpi(StringBuilder html, String label, long now, Long before) {
        html.append("<td width=\"22%\" valign=\"top\" style=\"padding:4px 8px;border-left:1px solid #e5e9f0\">");
        if (before == null) {
            html.append("<div style=\"font-size:22px;font-weight:bold;color:").append(GREY).append("\">&mdash;</div>")
                    .append("<div style=\"font-size:12px;color:").append(GREY).append("\">").append(label).append(" (no reports then)</div>");
        } else {
            long change = now - before;
            html.append("<div style=\"font-size:22px;font-weight:bold;color:").append(colour(change)).append("\">")
                    .append(escape(signed(change))).append("</div>")
                    .append("<div style=\"font-size:12px;color:").append(GREY).append("\">").append(label)
                    .append(" (").append(before).append(" then)</div>");
        }
        html.append("</td>");
    }

    private static void goal(StringBuilder html, Goal goal) {
        if (goal == null) {
            return;
        }
        section(html, "Progress to the goal");
        html.append("<tr><td style=\"padding:0 20px 6px;font-size:14px;line-height:20px\">")
                .append("Goal: <b>").append(percent(goal.targetReduction())).append(" fewer</b> console-capable IAM users than the ")
                .append(goal.baselineConsoleUsers()).append(" on ").append(goal.baselineDay()).append(", so at most <b>")
                .append(goal.targetConsoleUsers()).append("</b>. Now ").append(goal.currentConsoleUsers()).append(": <b>")
                .append(percent(goal.reductionSoFar())).append(" fewer</b>, ").append(percent(goal.progress()))
                .append(" of the way.</td></tr>\n");
        html.append("<tr><td style=\"padding:4px 20px 4px\">");
        bar(html, goal.progress(), goal.reached() ? GREEN : BLUE, 14);
        html.append("</td></tr>\n<tr><td style=\"padding:2px 20px 8px;font-size:13px;color:").append(GREY).append("\">");
        if (goal.reached()) {
            html.append("<b style=\"color:").append(GREEN).append("\">Goal reached.</b>");
        } else if (goal.projectedDay() != null) {
            html.append("At the recent pace (").append(String.format(Locale.ROOT, "%.1f", goal.recentDailyReduction()))
                    .append(" fewer a day) the goal is met on <b>").append(goal.projectedDay()).append("</b>.");
        } else {
            html.append("No projection: console users have not gone down lately.");
        }
        html.append("</td></tr>\n");
    }

    private static void accounts(StringBuilder html, Digest digest) {
        List<AccountLine> accounts = digest.accounts().stream().filter(a -> a.consoleUsers() != null).toList();
        section(html, "Console-capable IAM users per account");
        long max = accounts.stream().mapToLong(AccountLine::consoleUsers).max().orElse(0);
        html.append("<tr><td style=\"padding:0 20px 8px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">")
                .append("<tr style=\"font-size:12px;color:").append(GREY).append("\">")
                .append(th("left", "Account")).append(th("right", "Now")).append(th("left", ""))
                .append(th("right", "1 day")).append(th("right", "7 days")).append(th("right", "14 days"))
                .append(th("right", "No MFA")).append("</tr>\n");
        int shown = 0;
        for (AccountLine account : accounts) {
            if (shown++ == MAX_ACCOUNTS) {
                break;
            }
            html.append("<tr><td style=\"").append(CELL).append("\"><div>").append(escape(account.accountName()))
                    .append("</div><div style=\"font-size:11px;color:").append(GREY).append("\">").append(escape(account.accountId()))
                    .append("</div></td><td align=\"right\" style=\"").append(CELL).append("font-weight:bold\">")
                    .append(account.consoleUsers()).append("</td><td width=\"30%\" style=\"").append(CELL).append("\">");
            bar(html, max == 0 ? 0 : (double) account.consoleUsers() / max, BLUE, 10);
            html.append("</td>");
            change(html, account.consoleUsers(), account.consoleUsersDayBefore());
            change(html, account.consoleUsers(), account.consoleUsers7DaysBefore());
            change(html, account.consoleUsers(), account.consoleUsers14DaysBefore());
            html.append("<td align=\"right\" style=\"").append(CELL).append("\">")
                    .append(account.consoleUsersWithoutMfa() == null ? "&mdash;" : account.consoleUsersWithoutMfa()).append("</td></tr>\n");
        }
        if (accounts.size() > MAX_ACCOUNTS) {
            List<AccountLine> rest = accounts.subList(MAX_ACCOUNTS, accounts.size());
            html.append("<tr><td colspan=\"7\" style=\"").append(CELL).append("color:").append(GREY).append("\">and ")
                    .append(rest.size()).append(" more accounts with ").append(rest.stream().mapToLong(AccountLine::consoleUsers).sum())
                    .append(" console users</td></tr>\n");
        }
        List<AccountLine> silent = digest.accounts().stream().filter(a -> a.consoleUsers() == null && a.consoleUsersDayBefore() != null).toList();
        if (!silent.isEmpty() && digest.coverage() == null) {
            // without the account directory, the accounts that reported yesterday are the best guess of who is missing
            html.append("<tr><td colspan=\"7\" style=\"").append(CELL).append("color:").append(RED).append("\"><b>No report today from ")
                    .append(silent.size()).append(silent.size() == 1 ? " account" : " accounts").append(" that reported yesterday:</b> ");
            for (int i = 0; i < silent.size(); i++) {
                html.append(i == 0 ? "" : ", ").append(escape(silent.get(i).accountName())).append(" (")
                        .append(escape(silent.get(i).accountId())).append(')');
            }
            html.append("</td></tr>\n");
        }
        html.append("</table></td></tr>\n");
    }

    /**
     * Coverage: how many of the accounts expected to report did (a bar, green when all did), and a table of those that
     * did not, with OU, owner and last report. Without an account directory export, says that coverage is unknown.
     */
    private static void coverage(StringBuilder html, Digest digest) {
        Coverage coverage = digest.coverage();
        if (coverage == null) {
            html.append("<tr><td style=\"padding:4px 20px 6px;font-size:13px;color:").append(GREY).append("\">")
                    .append("Coverage unknown: no account directory export covers ").append(digest.day())
                    .append(", so which accounts should have reported is not known.</td></tr>\n");
            return;
        }
        section(html, coverage.complete() ? "Accounts reporting: all " + coverage.expectedAccounts()
                : "Accounts reporting: " + coverage.missingAccounts() + " missing");
        html.append("<tr><td style=\"padding:0 20px 4px;font-size:14px;line-height:20px\"><b>")
                .append(coverage.reportedAccounts()).append(" of ").append(coverage.expectedAccounts())
                .append("</b> expected accounts reported (<b>").append(coveragePercent(coverage)).append("</b>); ")
                .append(coverage.activeAccounts()).append(" active in the organization.</td></tr>\n");
        html.append("<tr><td style=\"padding:4px 20px 8px\">");
        bar(html, coverage.percent() == null ? 0 : coverage.percent() / 100, coverage.complete() ? GREEN : RED, 10);
        html.append("</td></tr>\n");
        List<MissingAccount> missing = digest.missingAccounts();
        if (missing.isEmpty()) {
            return;
        }
        html.append("<tr><td style=\"padding:0 20px 8px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">")
                .append("<tr style=\"font-size:12px;color:").append(GREY).append("\">").append(th("left", "Missing account"))
                .append(th("left", "OU")).append(th("left", "Owner")).append(th("left", "Last report")).append("</tr>\n");
        for (MissingAccount account : missing.subList(0, Math.min(missing.size(), MAX_ACCOUNTS))) {
            html.append("<tr><td style=\"").append(CELL).append("color:").append(RED).append("\"><b>").append(escape(account.accountName()))
                    .append("</b> <span style=\"color:").append(GREY).append("\">").append(escape(account.accountId())).append("</span></td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(orDash(account.ouPath()))).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(orDash(account.owner()))).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(lastReport(account))).append("</td></tr>\n");
        }
        if (missing.size() > MAX_ACCOUNTS) {
            html.append("<tr><td colspan=\"4\" style=\"").append(CELL).append("color:").append(GREY).append("\">and ")
                    .append(missing.size() - MAX_ACCOUNTS).append(" more</td></tr>\n");
        }
        html.append("</table></td></tr>\n");
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

    private static void newUsers(StringBuilder html, List<NewUser> users) {
        section(html, "New IAM users since yesterday (" + users.size() + ")");
        if (users.isEmpty()) {
            html.append("<tr><td style=\"padding:0 20px 8px;font-size:13px;color:").append(GREY).append("\">None.</td></tr>\n");
            return;
        }
        html.append("<tr><td style=\"padding:0 20px 8px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">")
                .append("<tr style=\"font-size:12px;color:").append(GREY).append("\">").append(th("left", "Account"))
                .append(th("left", "User")).append(th("left", "Created")).append(th("left", "Can")).append("</tr>\n");
        for (NewUser user : users.subList(0, Math.min(users.size(), MAX_NEW_USERS))) {
            StringBuilder can = new StringBuilder();
            if (user.consoleAccess()) {
                can.append("console").append(user.mfaActive() ? " (MFA)" : " <b style=\"color:" + RED + "\">without MFA</b>");
            }
            if (user.activeAccessKeys() > 0) {
                can.append(can.isEmpty() ? "" : ", ").append(user.activeAccessKeys()).append(user.activeAccessKeys() == 1 ? " access key" : " access keys");
            }
            html.append("<tr><td style=\"").append(CELL).append("\">").append(escape(user.accountName()))
                    .append(" <span style=\"color:").append(GREY).append("\">").append(escape(user.accountId())).append("</span></td>")
                    .append("<td style=\"").append(CELL).append("\"><b>").append(escape(user.userName())).append("</b></td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(minutes(user.createdAt()))).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">").append(can.isEmpty() ? "nothing yet" : can).append("</td></tr>\n");
        }
        if (users.size() > MAX_NEW_USERS) {
            html.append("<tr><td colspan=\"4\" style=\"").append(CELL).append("color:").append(GREY).append("\">and ")
                    .append(users.size() - MAX_NEW_USERS).append(" more</td></tr>\n");
        }
        html.append("</table></td></tr>\n");
    }

    private static void stale(StringBuilder html, Digest digest) {
        section(html, "Oldest unused credentials (" + digest.staleTotal() + " stale in all)");
        if (digest.oldestUnused().isEmpty()) {
            html.append("<tr><td style=\"padding:0 20px 8px;font-size:13px;color:").append(GREY)
                    .append("\">None: every password and active access key was used in the last 90 days.</td></tr>\n");
            return;
        }
        html.append("<tr><td style=\"padding:0 20px 8px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">")
                .append("<tr style=\"font-size:12px;color:").append(GREY).append("\">").append(th("left", "Account"))
                .append(th("left", "User")).append(th("left", "Credential")).append(th("left", "Last used"))
                .append(th("right", "Idle days")).append("</tr>\n");
        for (StaleCredential credential : digest.oldestUnused()) {
            html.append("<tr><td style=\"").append(CELL).append("\">").append(escape(credential.accountName()))
                    .append(" <span style=\"color:").append(GREY).append("\">").append(escape(credential.accountId())).append("</span></td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(credential.userName())).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">").append(escape(credentialLabel(credential.credential()))).append("</td>")
                    .append("<td style=\"").append(CELL).append("\">")
                    .append("never_used".equals(credential.finding())
                            ? "<b style=\"color:" + RED + "\">never</b> (created " + escape(day(credential.createdAt())) + ")"
                            : escape(day(credential.lastUsed())))
                    .append("</td><td align=\"right\" style=\"").append(CELL).append("font-weight:bold\">").append(credential.daysIdle())
                    .append("</td></tr>\n");
        }
        html.append("</table></td></tr>\n");
    }

    private static void footer(StringBuilder html, Digest digest, List<String> notes) {
        html.append("<tr><td style=\"padding:14px 20px 18px;font-size:12px;line-height:18px;color:").append(GREY)
                .append(";border-top:1px solid #e5e9f0\">");
        html.append("Attached: <b>").append(escape(ConsoleUsersCsv.fileName(digest.day()))).append("</b>, all ")
                .append(digest.consoleUsers().rows().size()).append(" console-capable IAM users with last sign-in and key status.<br>");
        for (String note : notes) {
            html.append(escape(note)).append("<br>");
        }
        html.append("Figures come from the Stocktake views on Athena over the raw IAM credential reports of every account; "
                + "the root user is never counted.</td></tr>\n");
    }

    private static void section(StringBuilder html, String title) {
        html.append("<tr><td style=\"padding:16px 20px 6px\"><div style=\"font-size:15px;font-weight:bold;border-bottom:2px solid ")
                .append(BLUE).append(";padding-bottom:4px\">").append(escape(title)).append("</div></td></tr>\n");
    }

    private static void row(StringBuilder html, String content) {
        html.append("<tr><td style=\"padding:16px 20px\">").append(content).append("</td></tr>\n");
    }

    private static String th(String align, String label) {
        return "<th align=\"" + align + "\" style=\"padding:4px 8px;font-weight:normal\">" + label + "</th>";
    }

    /** A horizontal bar: a table whose first cell is {@code share} of the width, coloured. */
    static void bar(StringBuilder html, double share, String colour, int height) {
        int percent = (int) Math.round(Math.max(0, Math.min(1, share)) * 100);
        html.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" bgcolor=\"").append(TRACK)
                .append("\" style=\"background:").append(TRACK).append("\"><tr>");
        if (percent > 0) {
            html.append("<td width=\"").append(percent).append("%\" height=\"").append(height).append("\" bgcolor=\"").append(colour)
                    .append("\" style=\"background:").append(colour).append(";height:").append(height)
                    .append("px;font-size:0;line-height:0\">&nbsp;</td>");
        }
        if (percent < 100) {
            html.append("<td height=\"").append(height).append("\" style=\"height:").append(height)
                    .append("px;font-size:0;line-height:0\">&nbsp;</td>");
        }
        html.append("</tr></table>");
    }

    private static void change(StringBuilder html, long now, Long before) {
        html.append("<td align=\"right\" style=\"").append(CELL);
        if (before == null) {
            html.append("color:").append(GREY).append("\">&mdash;</td>");
        } else {
            long change = now - before;
            html.append("color:").append(colour(change)).append("\">").append(escape(signed(change))).append("</td>");
        }
    }

    /** Fewer console users is good (green), more is bad (red). */
    private static String colour(long change) {
        return change < 0 ? GREEN : change > 0 ? RED : GREY;
    }

    /** {@code +3}, {@code −2} (a real minus sign), {@code ±0}. */
    static String signed(long change) {
        return change > 0 ? "+" + change : change < 0 ? "\u2212" + (-change) : "\u00b10";
    }

    static String percent(double share) {
        return Math.round(share * 100) + " %";
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

    public static String day(String timestamp) {
        return timestamp == null ? "" : timestamp.length() > 10 ? timestamp.substring(0, 10) : timestamp;
    }

    /** HTML-escapes text from the data (account names may hold {@code < > & " '}). */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
