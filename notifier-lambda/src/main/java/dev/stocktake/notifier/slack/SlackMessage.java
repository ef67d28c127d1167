package dev.stocktake.notifier.slack;

import static dev.stocktake.notifier.digest.DigestFormat.signed;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.stocktake.notifier.digest.Digest;
import dev.stocktake.notifier.digest.Digest.AccountLine;
import dev.stocktake.notifier.digest.DigestFormat;
import dev.stocktake.notifier.digest.DigestHtml;
import dev.stocktake.notifier.digest.Migration;
import dev.stocktake.notifier.digest.Digest.NewUser;
import dev.stocktake.notifier.digest.Digest.StaleCredential;
import dev.stocktake.notifier.digest.Digest.Totals;

/**
 * The Slack summary: the JSON an incoming webhook receives, a {@code text} fallback (notifications, clients without
 * Block Kit) and Block Kit {@code blocks}. Text from the data is escaped for Slack's mrkdwn ({@code & < >}), so an
 * account called {@code <!channel>} cannot ping anyone.
 */
public final class SlackMessage {

    /** Accounts listed under "most console users". */
    public static final int TOP_ACCOUNTS = 5;
    /** New users named; the rest are counted. */
    public static final int NEW_USERS_NAMED = 10;
    /** Missing accounts named; the rest are counted. */
    public static final int MISSING_NAMED = 10;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private SlackMessage() {
    }

    public static String render(Digest digest) {
        return render(digest, null);
    }

    /**
     * @param note a plain-text line shown before the footer (escaped here), e.g. the owners the owner digests could not
     *             mail, or {@code null}
     */
    public static String render(Digest digest, String note) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("text", fallback(digest));
            json.writeArrayFieldStart("blocks");
            header(json, "IAM users on " + digest.day());
            Totals totals = digest.totals();
            if (!totals.hasReports()) {
                section(json, ":warning: *No credential report has arrived for " + digest.day()
                        + ".* The collection may have failed or not run yet.");
                section(json, coverage(digest));
                section(json, rejected(digest));
            } else {
                section(json, headline(totals));
                section(json, coverage(digest));
                section(json, rejected(digest));
                section(json, allowlist(digest));
                section(json, milestones(digest.migration()));
                section(json, migration(digest.migration()));
                String remediation = remediation(digest);
                if (remediation != null) {
                    section(json, remediation);
                }
                section(json, topAccounts(digest.accounts()));
            }
            section(json, newUsers(digest.newUsers()));
            section(json, stale(digest));
            if (note != null) {
                section(json, escape(note));
            }
            json.writeStartObject();
            json.writeStringField("type", "context");
            json.writeArrayFieldStart("elements");
            json.writeStartObject();
            json.writeStringField("type", "mrkdwn");
            json.writeStringField("text", "Accounts: " + totals.accountsLine() + ". From the Stocktake views on Athena; an account "
                    + "without an accepted report counts with its last report for up to 3 days (carried), then as missing, never as "
                    + "zero; the root user is never counted. The email digest has every console user attached.");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Slack message", e);
        }
        return out + "\n";
    }

    static String fallback(Digest digest) {
        Totals totals = digest.totals();
        if (!totals.hasReports()) {
            return "Stocktake: no credential reports for " + digest.day();
        }
        String text = "Stocktake " + digest.day() + ": " + totals.consoleUsers() + " console-capable IAM users";
        if (totals.consoleUsersDayBefore() != null) {
            text += " (" + signed(totals.consoleUsers() - totals.consoleUsersDayBefore()) + " since yesterday)";
        }
        Migration.Milestone next = digest.migration().next();
        text += next == null ? "; no milestone configured" : "; next milestone " + next.day() + " (at most " + next.maxConsoleUsers()
                + "): " + DigestFormat.status(next.status());
        if (!digest.missingAccounts().isEmpty()) {
            text += "; " + digest.missingAccounts().size() + (digest.missingAccounts().size() == 1 ? " account" : " accounts")
                    + " did not report" + (totals.accountsCarried() == 0 ? "" : " (" + totals.accountsCarried()
                    + " carried from an earlier report)");
        }
        if (!digest.rejected().isEmpty()) {
            text += "; " + digest.rejected().size() + (digest.rejected().size() == 1 ? " report file" : " report files") + " rejected";
        }
        return text;
    }

    private static String headline(Totals totals) {
        StringBuilder text = new StringBuilder("*").append(totals.consoleUsers()).append("* console-capable IAM users now");
        String separator = " (";
        for (var change : List.of(
                new Object[] {"since yesterday", totals.consoleUsersDayBefore()},
                new Object[] {"in 7 days", totals.consoleUsers7DaysBefore()},
                new Object[] {"in 14 days", totals.consoleUsers14DaysBefore()})) {
            if (change[1] != null) {
                text.append(separator).append(signed(totals.consoleUsers() - (Long) change[1])).append(' ').append(change[0]);
                separator = ", ";
            }
        }
        if (!separator.equals(" (")) {
            text.append(')');
        }
        return text.append("\n").append(totals.consoleUsersWithoutMfa()).append(" of them without MFA; ")
                .append(totals.users()).append(" IAM users in all.\nAccounts in the totals: ").append(totals.accountsLine())
                .append('.').toString();
    }

    /** Rejected report files: how many and which (account, reason; never contents), or one line saying there are none. */
    static String rejected(Digest digest) {
        List<Digest.RejectedReport> rejected = digest.rejected();
        if (rejected.isEmpty()) {
            return "No report was rejected.";
        }
        StringBuilder text = new StringBuilder(":warning: *Rejected report files: ").append(rejected.size())
                .append("* (kept out of every number; `select * from rejected_reports`)");
        for (Digest.RejectedReport report : rejected.subList(0, Math.min(rejected.size(), MISSING_NAMED))) {
            text.append("\n\u2022 ").append(escape(DigestFormat.rejected(report)));
        }
        if (rejected.size() > MISSING_NAMED) {
            text.append("\nand ").append(rejected.size() - MISSING_NAMED).append(" more");
        }
        return text.toString();
    }

    /**
     * What stocktake remediate did, as the email says it: the day's quarantines and removals, the watch window, and the
     * unfinished applies and the day's changes by name; null when nobody was ever remediated (no section then).
     */
    static String remediation(Digest digest) {
        if (digest.remediation().isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("*Remediation:* ").append(escape(DigestFormat.remediation(digest)));
        digest.remediation().stream().filter(r -> r.unfinished() || r.changedToday()).limit(DigestHtml.MAX_REMEDIATED)
                .forEach(r -> text.append("\n\u2022 ").append(escape(r.userName())).append(" in ").append(escape(r.accountName()))
                        .append(" (").append(escape(r.accountId())).append("): ").append(escape(r.remediation())));
        return text.toString();
    }

    /** Accepted vs to remove, and the allowlist's findings with the entry's owner. */
    static String allowlist(Digest digest) {
        Digest.AllowlistSplit split = digest.allowlist();
        StringBuilder text = new StringBuilder("*To remove: ").append(split.usersToRemove()).append("* IAM users with a console password "
                + "or an active key (").append(split.consoleUsersToRemove()).append(" console) \u00b7 *accepted (allowlisted): ")
                .append(split.acceptedUsers()).append("* (").append(split.acceptedConsoleUsers()).append(" console)");
        List<Digest.Finding> findings = digest.findings();
        if (!findings.isEmpty()) {
            text.append("\n*Allowlist findings: ").append(findings.size()).append('*');
            for (Digest.Finding finding : findings.subList(0, Math.min(findings.size(), NEW_USERS_NAMED))) {
                text.append("\n\u2022 ").append(finding.status()).append(": `").append(escape(finding.userName()).replace("`", "'"))
                        .append("` in ").append(escape(finding.accountName())).append(" (").append(escape(finding.accountId()))
                        .append("), holds ").append(escape(finding.credentialsHeld())).append(", owner ")
                        .append(escape(DigestFormat.orDash(finding.owner()))).append(", entry until ").append(escape(DigestFormat.orDash(finding.expires())));
            }
            if (findings.size() > NEW_USERS_NAMED) {
                text.append("\nand ").append(findings.size() - NEW_USERS_NAMED).append(" more");
            }
        }
        return text.toString();
    }

    /** How many expected accounts reported, and the missing ones with OU, owner and last report. */
    static String coverage(Digest digest) {
        Digest.Coverage coverage = digest.coverage();
        if (coverage == null) {
            return "*Coverage unknown*: no account directory export covers " + digest.day() + ".";
        }
        StringBuilder text = new StringBuilder(coverage.complete() ? ":white_check_mark: " : ":warning: ")
                .append("*Accounts reporting: ").append(coverage.reportedAccounts()).append(" of ").append(coverage.expectedAccounts())
                .append("* expected (").append(DigestFormat.coveragePercent(coverage)).append(')');
        List<Digest.MissingAccount> missing = digest.missingAccounts();
        if (!missing.isEmpty()) {
            text.append("\n*Missing today: ").append(missing.size()).append('*');
            for (Digest.MissingAccount account : missing.subList(0, Math.min(missing.size(), MISSING_NAMED))) {
                text.append("\n\u2022 ").append(escape(account.accountName())).append(" (").append(escape(account.accountId()))
                        .append("), ").append(escape(DigestFormat.orDash(account.ouPath()))).append(", owner ")
                        .append(escape(DigestFormat.orDash(account.owner()))).append(", last report ")
                        .append(DigestFormat.lastReport(account));
            }
            if (missing.size() > MISSING_NAMED) {
                text.append("\nand ").append(missing.size() - MISSING_NAMED).append(" more");
            }
        }
        return text.toString();
    }

    /** The organization's next and final milestone, who holds the next back, and the scopes' next milestones. */
    static String milestones(Migration migration) {
        Migration.Milestone next = migration.next();
        StringBuilder text = new StringBuilder();
        if (next == null) {
            text.append(migration.hasMilestones() ? "*No organization-wide milestone configured.*" : "*No milestone configured.*");
        } else {
            text.append("*Next milestone:* ").append(escape(DigestFormat.milestone(next))).append(" (").append(DigestFormat.daysLeft(next))
                    .append(")\n").append("met".equals(next.status()) ? ":white_check_mark: " : "on_track".equals(next.status()) ? "" : ":warning: ")
                    .append(DigestFormat.standing(next));
            Migration.Milestone last = migration.last();
            if (!last.equals(next)) {
                text.append("\n*Final milestone:* ").append(escape(DigestFormat.milestone(last))).append(" (")
                        .append(DigestFormat.daysLeft(last)).append(')');
            }
            if (!migration.organizationBlockerOwners().isEmpty()) {
                text.append("\n*Held back by*");
                migration.organizationBlockerOwners().forEach(o -> text.append("\n\u2022 ").append(escape(DigestFormat.blockerOwner(o))));
                text.append("\n*in the accounts*");
                migration.organizationBlockers().forEach(b -> text.append("\n\u2022 ").append(escape(DigestFormat.blocker(b))));
            }
        }
        for (Migration.Milestone scoped : migration.scopedNext()) {
            text.append("\n*Next milestone of ").append(escape(DigestFormat.scope(scoped.scopeType(), scoped.scope()))).append(":* ")
                    .append(escape(DigestFormat.milestone(scoped))).append(" (").append(DigestFormat.daysLeft(scoped)).append("); ")
                    .append(DigestFormat.standing(scoped));
        }
        return text.toString();
    }

    /** The day's verdict counts and the owners with the most to do. */
    static String migration(Migration migration) {
        StringBuilder text = new StringBuilder("*Migration verdicts* (").append(migration.users())
                .append(migration.users() == 1 ? " IAM user" : " IAM users").append("): ").append(DigestFormat.verdicts(migration.verdicts()));
        if (!migration.owners().isEmpty()) {
            text.append("\n*Owners with the most to do*");
            migration.owners().forEach(o -> text.append("\n\u2022 ").append(escape(DigestFormat.ownerTodo(o))));
        }
        return text.toString();
    }

    private static String topAccounts(List<AccountLine> accounts) {
        StringBuilder text = new StringBuilder("*Most console users*");
        List<AccountLine> reporting = accounts.stream().filter(a -> a.consoleUsers() != null && a.consoleUsers() > 0)
                .limit(TOP_ACCOUNTS).toList();
        for (AccountLine account : reporting) {
            text.append("\n\u2022 ").append(escape(account.accountName())).append(" (").append(escape(account.accountId()))
                    .append("): *").append(account.consoleUsers()).append('*');
            if (account.consoleUsers7DaysBefore() != null) {
                text.append(" (").append(signed(account.consoleUsers() - account.consoleUsers7DaysBefore())).append(" in 7 days)");
            }
        }
        if (reporting.isEmpty()) {
            text.append("\nNo account has console users. :tada:");
        }
        return text.toString();
    }

    private static String newUsers(List<NewUser> users) {
        StringBuilder text = new StringBuilder("*New IAM users since yesterday: ").append(users.size()).append('*');
        for (NewUser user : users.subList(0, Math.min(users.size(), NEW_USERS_NAMED))) {
            text.append("\n\u2022 `").append(escape(user.userName()).replace("`", "'")).append("` in ")
                    .append(escape(user.accountName())).append(" (").append(escape(user.accountId())).append(')');
            if (user.consoleAccess()) {
                text.append(user.mfaActive() ? ", console" : ", console *without MFA*");
            }
            if (user.activeAccessKeys() > 0) {
                text.append(", ").append(user.activeAccessKeys()).append(user.activeAccessKeys() == 1 ? " access key" : " access keys");
            }
        }
        if (users.size() > NEW_USERS_NAMED) {
            text.append("\nand ").append(users.size() - NEW_USERS_NAMED).append(" more");
        }
        return text.toString();
    }

    private static String stale(Digest digest) {
        StringBuilder text = new StringBuilder("*Stale credentials: ").append(digest.staleTotal()).append('*');
        if (!digest.oldestUnused().isEmpty()) {
            StaleCredential oldest = digest.oldestUnused().getFirst();
            text.append("\nIdle longest: `").append(escape(oldest.userName()).replace("`", "'")).append("`'s ")
                    .append(oldest.credential().replace('_', ' ')).append(" in ").append(escape(oldest.accountName()))
                    .append(", ").append("never_used".equals(oldest.finding()) ? "never used" : "unused")
                    .append(" for ").append(oldest.daysIdle()).append(" days");
        }
        return text.toString();
    }

    private static void header(JsonGenerator json, String text) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "header");
        json.writeObjectFieldStart("text");
        json.writeStringField("type", "plain_text");
        json.writeStringField("text", text);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void section(JsonGenerator json, String markdown) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "section");
        json.writeObjectFieldStart("text");
        json.writeStringField("type", "mrkdwn");
        json.writeStringField("text", limit(markdown, 3000));
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void fields(JsonGenerator json, List<String> fields) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "section");
        json.writeArrayFieldStart("fields");
        for (String field : fields) {
            json.writeStartObject();
            json.writeStringField("type", "mrkdwn");
            json.writeStringField("text", limit(field, 2000));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Slack rejects a section text over 3,000 characters (a field over 2,000). */
    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    /** Escapes text from the data for mrkdwn: {@code & < >} (Slack's control characters). */
    public static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
