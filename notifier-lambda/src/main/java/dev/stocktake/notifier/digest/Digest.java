package dev.stocktake.notifier.digest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.stocktake.sql.athena.ResultTable;

/**
 * What the day's digest says, read from the results of the {@link DigestQuery digest queries}: the email, its CSV
 * attachment and the Slack message are all rendered from this.
 *
 * @param day             the digest's day (the report day in {@code REPORT_TIME_ZONE})
 * @param totals          all accounts together
 * @param migration       the milestones, who holds them back, the day's verdict counts and the owners' to-do
 * @param accounts        per account, most console users first
 * @param newUsers        IAM users new since the account's previous report
 * @param oldestUnused    the stale credentials idle the longest (at most 20)
 * @param staleTotal      how many stale credentials there are in all
 * @param consoleUsers    every console-capable IAM user on the day (the CSV attachment)
 * @param coverage        the accounts expected to report on the day and those that did, or {@code null} when no
 *                        account directory export covers the day (coverage unknown)
 * @param missingAccounts the expected accounts without a report on the day, silent longest first
 * @param allowlist       the users holding a credential on the day: accepted (allowlisted) or to remove
 * @param findings        the users the allowlist flags on the day (expired entries, violations), with the owner
 * @param rejected        the report files of the day kept out of every number (view {@code rejected_reports})
 * @param remediation     the IAM users stocktake remediate quarantined or removed, as of the day (view
 *                        {@code remediation_status}), unfinished applies first, then the day's changes
 */
public record Digest(LocalDate day, Totals totals, Migration migration, List<AccountLine> accounts, List<NewUser> newUsers,
                     List<StaleCredential> oldestUnused, long staleTotal, ResultTable consoleUsers, Coverage coverage,
                     List<MissingAccount> missingAccounts, AllowlistSplit allowlist, List<Finding> findings,
                     List<RejectedReport> rejected, List<Remediated> remediation) {

    /**
     * An IAM user in a remediation state on the digest's day.
     *
     * @param state         {@code quarantined}, {@code partially_quarantined}, {@code quarantine_undone},
     *                      {@code removal_started} or {@code removed}
     * @param remediation   the state in words, e.g. {@code quarantined since 2026-12-03 (27 days to go)}
     * @param changedToday  whether the state began on the digest's day
     * @param watchDaysToGo for a quarantine, the days of the watch window left; else {@code null}
     */
    public record Remediated(String accountName, String accountId, String userName, String state, String remediation,
                             boolean changedToday, String planId, Long watchDaysToGo) {

        /** An apply that did not finish: run it again. */
        public boolean unfinished() {
            return "partially_quarantined".equals(state) || "removal_started".equals(state);
        }
    }

    /** Users quarantined on the digest's day. */
    public long quarantinedToday() {
        return remediation.stream().filter(r -> r.changedToday() && "quarantined".equals(r.state())).count();
    }

    /** Users removed by Stocktake on the digest's day. */
    public long removedToday() {
        return remediation.stream().filter(r -> r.changedToday() && "removed".equals(r.state())).count();
    }

    /** Users quarantined, still in the watch window (days to go above 0). */
    public long inWatchWindow() {
        return remediation.stream().filter(r -> "quarantined".equals(r.state()) && r.watchDaysToGo() != null
                && r.watchDaysToGo() > 0).count();
    }

    /** Users quarantined whose watch window is over: a deletion plan may take them. */
    public long pastWatchWindow() {
        return remediation.stream().filter(r -> "quarantined".equals(r.state()) && r.watchDaysToGo() != null
                && r.watchDaysToGo() == 0).count();
    }

    public Digest {
        remediation = List.copyOf(remediation);
        accounts = List.copyOf(accounts);
        newUsers = List.copyOf(newUsers);
        oldestUnused = List.copyOf(oldestUnused);
        missingAccounts = List.copyOf(missingAccounts);
        findings = List.copyOf(findings);
        rejected = List.copyOf(rejected);
    }

    /**
     * A stored report file of the day kept out of every number (view {@code rejected_reports}); never its contents.
     *
     * @param accountName the name its key gives, or {@code null} when the key is not a report key
     * @param accountId   the ID its key gives, or {@code null} likewise
     * @param fileName    the last part of its key
     * @param badRows     lines that failed a check (0 when the reason is about the whole file)
     */
    public record RejectedReport(String accountName, String accountId, String fileName, String reason, long badRows) {

        /** {@code prod (111111111111)}, or the file name when the key names no account. */
        public String account() {
            return accountName == null ? fileName : accountName + " (" + accountId + ")";
        }
    }

    /**
     * IAM users (the root user excluded) holding a console password or an active access key on the day: accepted when
     * their allowlist entry allows what they hold ({@code allowlist_status = 'allowed'}), else to remove.
     */
    public record AllowlistSplit(long acceptedUsers, long usersToRemove, long acceptedConsoleUsers, long consoleUsersToRemove,
                                 long violations, long expired) {
    }

    /**
     * A user the allowlist flags: {@code expired} (listed only by entries past their last day) or {@code violation}
     * (holding a credential its entry does not allow).
     *
     * @param credentialsHeld {@code console}, {@code access-keys}, {@code both} or {@code none}
     * @param expires         the entry's last day ({@code YYYY-MM-DD})
     * @param daysSinceExpiry for expired entries, the days since their last day; else {@code null}
     */
    public record Finding(String accountName, String accountId, String userName, String status, String credentialsHeld,
                          String owner, String reason, String ticket, String expires, Long daysSinceExpiry) {
    }

    /**
     * The day's coverage, from the {@code coverage} view.
     *
     * @param missingAccounts expected accounts without an accepted report of the day (carried and rejected included)
     * @param percent         reported / expected × 100, or {@code null} when no account was expected
     * @param rejectedReports of the missing, those whose report was stored but rejected
     * @param carriedAccounts of the missing, those whose last report (at most 3 days old) the totals carry
     */
    public record Coverage(long activeAccounts, long expectedAccounts, long reportedAccounts, long missingAccounts,
                           Double percent, long rejectedReports, long carriedAccounts) {

        /** Whether every expected account reported. */
        public boolean complete() {
            return missingAccounts == 0;
        }
    }

    /**
     * An active account without a report on the day (view {@code missing_reports}).
     *
     * @param lastReportDay        the last day it reported ({@code YYYY-MM-DD}), or {@code null} when it never did
     * @param daysSinceLastReport  days from that report to the digest's day, or {@code null} when it never reported
     * @param carried              that report is at most 3 days old: the totals count it (carried forward)
     * @param rejected             it stored a report of the day, but the report was rejected
     */
    public record MissingAccount(String accountName, String accountId, String ouPath, String owner, String lastReportDay,
                                 Long daysSinceLastReport, boolean carried, boolean rejected) {
    }

    /**
     * Console-capable IAM users of all accounts (without the root user), on the day and before it, as
     * {@code daily_counts_filled} counts them: an account without an accepted report counts with its last report for
     * up to 3 days (carried), after that it is missing, never zero. A figure is {@code null} when no account counts that
     * day.
     *
     * @param accountsReporting the accounts whose own report of the day is in the totals
     * @param accountsCarried   the accounts in the totals with an earlier report
     * @param accountsMissing   expected accounts in neither, or {@code null} when unknown (no account directory export
     *                          covers the day and it is not goal_progress's current day)
     */
    public record Totals(Long consoleUsers, Long consoleUsersDayBefore, Long consoleUsers7DaysBefore,
                         Long consoleUsers14DaysBefore, long consoleUsersWithoutMfa, long users, int accountsReporting,
                         int accountsReportingDayBefore, int accountsCarried, Long accountsMissing) {

        /** Whether any account counts on the digest's day. */
        public boolean hasReports() {
            return consoleUsers != null;
        }

        /** {@code 3 reported, 1 carried from an earlier report, 0 missing} ({@code missing unknown} without a source). */
        public String accountsLine() {
            return accountsReporting + " reported, " + accountsCarried + " carried from an earlier report, "
                    + (accountsMissing == null ? "missing unknown" : accountsMissing + " missing");
        }
    }

    /**
     * The accounts with console-capable IAM users on the day (own report or carried), in the order of {@link #accounts()}:
     * the digest lists only these; an account with none is counted ({@link #accountsWithoutConsoleUsers()}), never a row of zeros.
     */
    public List<AccountLine> accountsWithConsoleUsers() {
        return accounts.stream().filter(a -> a.consoleUsers() != null && a.consoleUsers() > 0).toList();
    }

    /** Accounts in the day's figures with no console-capable IAM user. */
    public long accountsWithoutConsoleUsers() {
        return accounts.stream().filter(a -> a.consoleUsers() != null && a.consoleUsers() == 0).count();
    }

    /**
     * One account's console users on the day, the day before, 7 and 14 days before ({@code null}: it does not count that
     * day), from {@code daily_counts_filled}.
     *
     * @param carried   the day's figures come from an earlier report (none of the day, or the day's was rejected)
     * @param reportDay the day of the report the day's figures come from ({@code YYYY-MM-DD}), or {@code null}
     */
    public record AccountLine(String accountName, String accountId, Long users, Long consoleUsers,
                              Long consoleUsersWithoutMfa, Long consoleUsersDayBefore, Long consoleUsers7DaysBefore,
                              Long consoleUsers14DaysBefore, boolean carried, String reportDay) {
    }

    /** An IAM user that is in its account's report on the day but not in the previous one. */
    public record NewUser(String accountName, String accountId, String userName, String createdAt, boolean consoleAccess,
                          boolean mfaActive, long activeAccessKeys) {
    }

    /** A password or access key unused for long, or never used. */
    public record StaleCredential(String accountName, String accountId, String userName, String credential,
                                  String finding, String createdAt, String lastUsed, long daysIdle) {
    }

    /**
     * Reads the digest from the query results ({@link DigestReader}).
     *
     * @param results the results by query name ({@link DigestQuery#name()}); every query must be there
     */
    public static Digest from(LocalDate day, Map<String, ResultTable> results) {
        return DigestReader.read(day, results);
    }
}
