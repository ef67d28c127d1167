package dev.stocktake.notifier.digest;

import java.util.List;

import dev.stocktake.notifier.digest.Digest.AccountLine;
import dev.stocktake.notifier.digest.Digest.NewUser;
import dev.stocktake.notifier.digest.Digest.Totals;

/** The digest as plain text: the email's alternative for clients that show no HTML. */
public final class DigestText {

    private DigestText() {
    }

    private static void coverage(StringBuilder text, Digest digest) {
        Digest.Coverage coverage = digest.coverage();
        if (coverage == null) {
            text.append("\r\nCoverage unknown: no account directory export covers ").append(digest.day()).append(".\r\n");
            return;
        }
        text.append("\r\nAccounts reporting: ").append(coverage.reportedAccounts()).append(" of ").append(coverage.expectedAccounts())
                .append(" expected (").append(DigestFormat.coveragePercent(coverage)).append("); ")
                .append(coverage.activeAccounts()).append(" active; ").append(coverage.carriedAccounts())
                .append(" carried from an earlier report.\r\n");
        if (!digest.missingAccounts().isEmpty()) {
            text.append("Missing today: ").append(digest.missingAccounts().size()).append("\r\n");
            for (Digest.MissingAccount account : digest.missingAccounts().stream().limit(DigestHtml.MAX_ACCOUNTS).toList()) {
                text.append("  ").append(account.accountName()).append(" (").append(account.accountId()).append("), OU ")
                        .append(DigestFormat.orDash(account.ouPath())).append(", owner ").append(DigestFormat.orDash(account.owner()))
                        .append(", last report ").append(DigestFormat.lastReport(account)).append("\r\n");
            }
        }
    }

    /** The day's rejected report files: how many, which (account, reason; never contents), and where to see them. */
    private static void rejected(StringBuilder text, Digest digest) {
        if (digest.rejected().isEmpty()) {
            text.append("No report was rejected.\r\n");
            return;
        }
        text.append("Rejected report files: ").append(digest.rejected().size())
                .append(" (kept out of every number; select * from rejected_reports)\r\n");
        for (Digest.RejectedReport report : digest.rejected().stream().limit(DigestHtml.MAX_REJECTED).toList()) {
            text.append("  ").append(DigestFormat.rejected(report)).append("\r\n");
        }
        if (digest.rejected().size() > DigestHtml.MAX_REJECTED) {
            text.append("  and ").append(digest.rejected().size() - DigestHtml.MAX_REJECTED).append(" more\r\n");
        }
    }

    /** The organization's next and last milestone, who holds the next back, and the scopes' next milestones. */
    private static void milestones(StringBuilder text, Migration migration) {
        Migration.Milestone next = migration.next();
        if (next == null) {
            text.append(migration.hasMilestones() ? "No organization-wide milestone configured.\r\n" : "No milestone configured.\r\n");
        } else {
            text.append("Next milestone: ").append(DigestFormat.milestone(next)).append(" (").append(DigestFormat.daysLeft(next))
                    .append("); ").append(DigestFormat.standing(next)).append(".\r\n");
            Migration.Milestone last = migration.last();
            if (!last.equals(next)) {
                text.append("Final milestone: ").append(DigestFormat.milestone(last)).append(" (").append(DigestFormat.daysLeft(last))
                        .append(").\r\n");
            }
            if (!migration.organizationBlockerOwners().isEmpty()) {
                text.append("Held back by these owners:\r\n");
                migration.organizationBlockerOwners().forEach(o -> text.append("  ").append(DigestFormat.blockerOwner(o)).append("\r\n"));
                text.append("and these accounts:\r\n");
                migration.organizationBlockers().forEach(b -> text.append("  ").append(DigestFormat.blocker(b)).append("\r\n"));
            }
        }
        for (Migration.Milestone scoped : migration.scopedNext()) {
            text.append("Next milestone of ").append(DigestFormat.scope(scoped.scopeType(), scoped.scope())).append(": ")
                    .append(DigestFormat.milestone(scoped)).append(" (").append(DigestFormat.daysLeft(scoped)).append("); ")
                    .append(DigestFormat.standing(scoped)).append(".\r\n");
        }
    }

    /** The day's verdict counts and the owners with the most to do. */
    private static void migration(StringBuilder text, Digest digest) {
        Migration migration = digest.migration();
        text.append("Migration verdicts (").append(DigestFormat.plural(migration.users(), "IAM user", "IAM users")).append("): ")
                .append(DigestFormat.verdicts(migration.verdicts())).append(".\r\n");
        if (!migration.owners().isEmpty()) {
            text.append("Owners with the most to do:\r\n");
            migration.owners().forEach(o -> text.append("  ").append(DigestFormat.ownerTodo(o)).append("\r\n"));
        }
    }

    /** The remediation line and the unfinished applies and the day's changes, when anyone was ever remediated. */
    private static void remediation(StringBuilder text, Digest digest) {
        if (digest.remediation().isEmpty()) {
            return;
        }
        text.append("Remediation: ").append(DigestFormat.remediation(digest)).append("\r\n");
        digest.remediation().stream().filter(r -> r.unfinished() || r.changedToday()).limit(DigestHtml.MAX_REMEDIATED)
                .forEach(r -> text.append("  ").append(r.userName()).append(" in ").append(r.accountName()).append(" (")
                        .append(r.accountId()).append("): ").append(r.remediation()).append("\r\n"));
    }

    public static String render(Digest digest) {
        StringBuilder text = new StringBuilder(2048);
        text.append("Stocktake daily digest: IAM users on ").append(digest.day()).append("\r\n\r\n");
        Totals totals = digest.totals();
        if (!totals.hasReports()) {
            text.append("No credential report has arrived for ").append(digest.day())
                    .append(". The collection may have failed or not run yet.\r\n");
        } else {
            text.append(totals.consoleUsers()).append(" console-capable IAM users now");
            if (totals.consoleUsersDayBefore() != null) {
                text.append(", ").append(DigestFormat.signed(totals.consoleUsers() - totals.consoleUsersDayBefore())).append(" since yesterday");
            }
            if (totals.consoleUsers7DaysBefore() != null) {
                text.append(", ").append(DigestFormat.signed(totals.consoleUsers() - totals.consoleUsers7DaysBefore())).append(" in 7 days");
            }
            if (totals.consoleUsers14DaysBefore() != null) {
                text.append(", ").append(DigestFormat.signed(totals.consoleUsers() - totals.consoleUsers14DaysBefore())).append(" in 14 days");
            }
            text.append(".\r\nAccounts in the totals: ").append(totals.accountsLine()).append(".\r\n");
            milestones(text, digest.migration());
            Digest.AllowlistSplit split = digest.allowlist();
            text.append("To remove: ").append(split.usersToRemove()).append(" IAM users holding a console password or an active key (")
                    .append(split.consoleUsersToRemove()).append(" with console access); accepted (allowlisted): ")
                    .append(split.acceptedUsers()).append(" (").append(split.acceptedConsoleUsers()).append(" with console access).\r\n");
            if (!digest.findings().isEmpty()) {
                text.append("Allowlist findings: ").append(digest.findings().size()).append("\r\n");
                for (Digest.Finding finding : digest.findings().stream().limit(DigestHtml.MAX_FINDINGS).toList()) {
                    text.append("  ").append(finding.status()).append(": ").append(finding.userName()).append(" in ")
                            .append(finding.accountName()).append(" (").append(finding.accountId()).append("), holds ")
                            .append(finding.credentialsHeld()).append(", owner ").append(DigestFormat.orDash(finding.owner()))
                            .append(", entry until ").append(DigestFormat.orDash(finding.expires())).append("\r\n");
                }
            }
            migration(text, digest);
            remediation(text, digest);
            text.append("\r\nConsole-capable IAM users per account:\r\n");
            List<AccountLine> listed = digest.accountsWithConsoleUsers();
            for (AccountLine account : listed.stream().limit(DigestHtml.MAX_ACCOUNTS).toList()) {
                text.append("  ").append(account.accountName()).append(" (").append(account.accountId()).append("): ")
                        .append(account.consoleUsers()).append("\r\n");
            }
            if (listed.size() > DigestHtml.MAX_ACCOUNTS) {
                text.append("  and ").append(listed.size() - DigestHtml.MAX_ACCOUNTS).append(" more\r\n");
            }
            if (digest.accountsWithoutConsoleUsers() > 0) {
                text.append("  ").append(DigestFormat.plural(digest.accountsWithoutConsoleUsers(), "account", "accounts"))
                        .append(" without console users, not listed\r\n");
            }
        }
        coverage(text, digest);
        rejected(text, digest);
        text.append("\r\nNew IAM users since yesterday: ").append(digest.newUsers().size()).append("\r\n");
        for (NewUser user : digest.newUsers().stream().limit(DigestHtml.MAX_NEW_USERS).toList()) {
            text.append("  ").append(user.userName()).append(" in ").append(user.accountName()).append(" (")
                    .append(user.accountId()).append(")\r\n");
        }
        text.append("\r\nStale credentials: ").append(digest.staleTotal()).append("\r\n");
        text.append("\r\nEvery console-capable IAM user is in the attached ").append(ConsoleUsersCsv.fileName(digest.day())).append(".\r\n");
        return text.toString();
    }
}
