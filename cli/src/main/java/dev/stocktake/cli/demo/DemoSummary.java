package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.stocktake.dashboard.DashboardData;

/**
 * The demo's closing summary: timings, the migration (verdicts per day, milestones, who holds the next one back:
 * {@link MigrationSummary}), the headline figures of the dashboard, and what was written where.
 */
final class DemoSummary {

    private final PrintWriter out;

    DemoSummary(PrintWriter out) {
        this.out = out;
    }

    /** {@code 42 s}, {@code 3 min 5 s}. */
    static String format(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    /** @param closed the account suspended during the demo, or {@code null} */
    void print(Demo.Outcome outcome, int accounts, int days, Incidents incidents, Simulation closed) {
        DashboardData data = outcome.written().data();
        out.println();
        timings(outcome, accounts, days);
        out.println();
        outcome.migration().print(out);
        out.println();
        topAccounts(data.topAccounts(5));
        coverage(data);
        sharedNames(outcome.sharedNames());
        rejected(outcome.rejectedFiles());
        if (closed != null) {
            out.printf("Suspended on %s: %s (%s): not expected to report since, so not missing.%n",
                    data.firstDay().plusDays(incidents.suspendedFrom()), closed.account().name(), closed.member().id());
        }
        allowlist(data.allowlistSplit(), outcome.allowlist());
        remediation(outcome.remediation());
        out.println();
        files(outcome);
        out.flush();
    }

    private void timings(Demo.Outcome outcome, int accounts, int days) {
        out.printf("Done in %s: seeding %s, %d days x %d accounts collected in %s (%,d reports%s%s), views and dashboard %s.%n",
                format(outcome.total()), format(outcome.seeding()), days, accounts, format(outcome.collecting()),
                outcome.reportsStored(), outcome.deniedRuns() == 0 ? "" : ", " + outcome.deniedRuns() + " denied as planned",
                outcome.failures() == 0 ? "" : ", " + outcome.failures() + " FAILED", format(outcome.reporting()));
    }

    private void topAccounts(List<DashboardData.AccountFigure> top) {
        if (top.isEmpty()) {
            return;
        }
        out.println("Most console users today:");
        for (DashboardData.AccountFigure account : top) {
            out.printf("  %-24s %s  %d%s%n", account.accountName(), account.accountId(), account.consoleUsers(),
                    account.consoleUsers7DaysAgo() == null ? "" : " (7 days ago: " + account.consoleUsers7DaysAgo() + ")");
        }
    }

    private void coverage(DashboardData data) {
        DashboardData.Coverage coverage = data.coverage();
        if (coverage == null) {
            return;
        }
        out.printf("Accounts reporting today: %d of %d expected (%s)%s%n", coverage.reportedAccounts(),
                coverage.expectedAccounts(), coverage.percent() == null ? "-" : String.format(Locale.ROOT, "%.1f %%", coverage.percent()),
                coverage.missingAccounts() == 0 ? "." : "; missing:");
        for (DashboardData.MissingAccount missing : data.missingToday()) {
            out.printf("  %-24s %s  %s, owner %s: %s%n", missing.accountName(), missing.accountId(), missing.ouPath(),
                    missing.owner(), missing.lastReportDay() == null ? "never reported"
                            : "no report since " + missing.lastReportDay() + " (" + missing.daysMissing()
                                    + (missing.daysMissing() == 1 ? " day" : " days") + " missing)");
        }
    }

    private void sharedNames(SharedNames shared) {
        shared.byName().forEach((name, accounts) -> {
            out.printf("%d accounts are named %s, each counted on its own:%n", accounts.size(), name);
            for (SharedNames.Counted account : accounts) {
                out.printf("  %-24s %s  reported on %d day%s, %d IAM user%s on %s%n", name, account.accountId(),
                        account.daysReported(), account.daysReported() == 1 ? "" : "s", account.users(),
                        account.users() == 1 ? "" : "s", account.latestDay());
            }
        });
    }

    /** @param files the files rejected_reports lists, -1 when the view does not exist */
    private void rejected(long files) {
        if (files == 0) {
            out.println("Rejected report files: none (every stored report was read and counted).");
        } else if (files > 0) {
            out.printf("Rejected report files: %d, kept out of every number (listed on stderr).%n", files);
        }
    }

    private void allowlist(DashboardData.AllowlistSplit split, List<DemoAllowlist.Entry> entries) {
        out.printf("IAM users with a console password or an active key today: %d to remove, %d accepted (allowlisted); "
                        + "allowlist findings: %d violation(s), %d expired%n", split.usersToRemove(), split.acceptedUsers(),
                split.violations(), split.expired());
        if (entries.isEmpty()) {
            return;
        }
        out.println("Allowlist (reports/" + Demo.ALLOWLIST_KEY + "):");
        for (DemoAllowlist.Entry entry : entries) {
            out.printf("  %-9s %s in %s (%s): %s until %s, owner %s%n", entry.status(), entry.user(), entry.accountName(),
                    entry.accountId(), entry.credentials(), entry.expires(), entry.owner());
        }
    }

    /** What stocktake remediate did (counts; the names are in the reports, the journal and the transcript). */
    private void remediation(DemoRemediation.Outcome done) {
        if (done == null) {
            out.println("Remediation (stocktake remediate): not played, the demo is too short (it needs 12 days or more).");
            return;
        }
        if (done.quarantinePlan() == null) {
            out.println("Remediation (stocktake remediate): no ready_to_remove user to quarantine on "
                    + done.firstDay().plusDays(done.schedule().quarantineDay()) + ".");
            return;
        }
        DemoRemediation.Schedule schedule = done.schedule();
        out.printf("Remediation (stocktake remediate, docs/remediation.md): on %s plan %s quarantined %d ready_to_remove users of "
                        + "%d accounts (%d actions: keys deactivated, console passwords deleted, deny-all policies attached);%n",
                done.firstDay().plusDays(schedule.quarantineDay()), done.quarantinePlan(), done.quarantinedUsers(), done.accounts(),
                done.quarantineActions());
        out.printf("  on %s %d user's quarantine was undone (%d actions; the owner still needed it);%n",
                done.firstDay().plusDays(schedule.undoDay()), done.undoneUsers(), done.undoneActions());
        out.printf("  on %s, after a %d-day watch window, plan %s deleted %d users (%d actions, each snapshotted first) and "
                        + "refused %d (%d used since the quarantine: used_since_quarantine).%n",
                done.firstDay().plusDays(schedule.deleteDay()), schedule.watchDays(), done.deletionPlan(), done.deletedUsers(),
                done.deletionActions(), done.deletionRefusals(), done.usedSinceQuarantine());
        out.printf("  Journal: %d records in reports/remediation/ (the bucket's remediation/); plans and transcript: %s%n",
                done.journalRecords(), done.transcript().getParent());
    }

    private void files(Demo.Outcome outcome) {
        out.println("Written to " + outcome.folder() + ":");
        out.println("  dashboard.html       the dashboard (one self-contained file; open it in a browser)");
        out.println("  reports/             the bucket as collected: credential-reports/YYYY/MM/DD/<account-name>@<account-id>.csv,");
        out.println("                       iam-details/YYYY/MM/DD/<account-name>@<account-id>.json (IAM user tags, SSO role use),");
        out.println("                       accounts/YYYY/MM/DD/accounts.csv (the account directory), identity-center/YYYY/MM/DD/");
        out.println("                       identity-center.json (Identity Center), allowlist/, identity-mapping/, migration-settings/,");
        out.println("                       milestones/, remediation/ (the journal of stocktake remediate)");
        out.println("  remediation/         the remediation plans (quarantine.json, deletion.json) and what the commands printed");
        out.println("  data/                what the dashboard shows, as CSV, with the SQL over the shipped views");
        out.println("  email-preview.html   the notifier's daily email digest, as it would be sent (also .txt and the CSV attachment)");
        out.println("  slack-preview.json   the notifier's Slack post, as it would be sent");
        out.println("Render it again from the reports: ./stocktake report --data " + outcome.reports() + " --out <folder>");
        out.println("Each owner's to-do list: ./stocktake todo --data " + outcome.reports() + " [--owner NAME] [--day YYYY-MM-DD]");
        out.println("Ask it in SQL: ./stocktake sql --data " + outcome.folder() + " (a shell; \\d lists the views) or --view console_users");
    }
}
