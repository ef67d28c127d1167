package dev.stocktake.notifier.digest;

import static dev.stocktake.notifier.digest.DigestFormat.orDash;
import static dev.stocktake.notifier.digest.DigestFormat.plural;
import static dev.stocktake.notifier.digest.DigestHtml.BLUE;
import static dev.stocktake.notifier.digest.DigestHtml.GREEN;
import static dev.stocktake.notifier.digest.DigestHtml.GREY;
import static dev.stocktake.notifier.digest.DigestHtml.RED;

import java.util.List;
import java.util.stream.Collectors;

import dev.stocktake.allowlist.MigrationWords;
import dev.stocktake.notifier.digest.Digest.AccountLine;
import dev.stocktake.notifier.digest.Digest.Coverage;
import dev.stocktake.notifier.digest.Digest.Totals;

/**
 * What the digest's HTML template shows, worked out from a {@link Digest}: every choice (which rows, which colour,
 * singular or plural) is made here, so the template only lays it out. Plain text: the template escapes it. Pure.
 */
record DigestView(String subject, String day, String reporting, boolean hasReports, Kpis kpis, CoverageView coverage,
                  RejectedView rejected, MigrationView migration, AllowlistView allowlist, AccountsView accounts, NewUsersView newUsers,
                  StaleView stale, Footer footer, RemediationView remediation) {

    /**
     * The remediation section: {@code summary} (quarantined and removed today, in the watch window), and the users of
     * unfinished applies and of the day's changes (at most {@link DigestHtml#MAX_REMEDIATED}).
     */
    record RemediationView(String title, String summary, List<RemediationRow> rows, Integer more) {
        public boolean hasRows() {
            return !rows.isEmpty();
        }
    }

    record RemediationRow(String userName, String accountName, String accountId, String state, String remediation,
                          boolean unfinished) {
    }

    /** A horizontal bar: the first cell {@code percent} wide and coloured, the rest the track. */
    record Bar(int percent, String colour, int height) {
        static Bar of(double share, String colour, int height) {
            return new Bar((int) Math.round(Math.max(0, Math.min(1, share)) * 100), colour, height);
        }

        public boolean filled() {
            return percent > 0;
        }

        public boolean track() {
            return percent < 100;
        }
    }

    /** A change of console users against an earlier day; unknown when no account reported then. */
    record Change(String label, boolean known, Long before, String signed, String colour) {
        static Change of(String label, long now, Long before) {
            if (before == null) {
                return new Change(label, false, null, null, GREY);
            }
            long change = now - before;
            // fewer console users is good (green), more is bad (red)
            return new Change(label, true, before, DigestFormat.signed(change), change < 0 ? GREEN : change > 0 ? RED : GREY);
        }
    }

    record Kpis(long consoleUsers, List<Change> changes, long users, long withoutMfa, String accounts) {
    }

    /** The day's rejected report files (never their contents); {@code none} gives the one line saying so. */
    record RejectedView(List<String> files, Integer more, int count) {
        public boolean none() {
            return files.isEmpty();
        }
    }

    record CoverageView(String title, long reported, long expected, String percent, long active, long carried, Bar bar,
                        List<MissingRow> missing, Integer more) {
        public boolean hasMissing() {
            return !missing.isEmpty();
        }
    }

    record MissingRow(String accountName, String accountId, String ouPath, String owner, String lastReport) {
    }

    record AllowlistView(String title, long toRemove, long consoleToRemove, long accepted, long acceptedConsole,
                         List<FindingRow> findings, Integer more) {
        public boolean hasFindings() {
            return !findings.isEmpty();
        }
    }

    record FindingRow(String status, String userName, String accountName, String accountId, String held, String owner,
                      String reason, String ticket, String expires) {
    }

    /** @param without how many accounts have no console users (not listed), or {@code null} when all have some */
    record AccountsView(String title, List<AccountRow> rows, String rest, String without, Silent silent) {
    }

    /** @param carried {@code carried from 2026-03-14} when the figures come from an earlier report, else {@code null} */
    record AccountRow(String accountName, String accountId, long consoleUsers, Bar bar, List<Change> changes, String withoutMfa,
                      String carried) {
    }

    /** Without the account directory, the accounts that reported yesterday are the best guess of who is missing. */
    record Silent(String count, String names) {
    }

    record NewUsersView(String title, List<NewUserRow> rows, Integer more) {
        public boolean none() {
            return rows.isEmpty();
        }
    }

    record NewUserRow(String accountName, String accountId, String userName, String created, boolean console, boolean mfa,
                      String keys) {
        public boolean nothing() {
            return !console && keys == null;
        }
    }

    record StaleView(String title, List<StaleRow> rows) {
        public boolean none() {
            return rows.isEmpty();
        }
    }

    record StaleRow(String accountName, String accountId, String userName, String credential, boolean never, String created,
                    String lastUsed, long daysIdle) {
    }

    record Footer(String csvName, int csvRows, List<String> notes) {
    }

    static DigestView of(Digest digest, List<String> notes) {
        Totals totals = digest.totals();
        String reporting = "Accounts: " + totals.accountsLine();
        return new DigestView(DigestHtml.subject(digest), digest.day().toString(), reporting, totals.hasReports(),
                totals.hasReports() ? kpis(totals) : null, coverage(digest), rejected(digest), MigrationView.of(digest.migration()), allowlist(digest),
                accounts(digest), newUsers(digest), stale(digest),
                new Footer(ConsoleUsersCsv.fileName(digest.day()), digest.consoleUsers().rows().size(), List.copyOf(notes)),
                remediation(digest));
    }

    /** {@code null} (no section) when nobody was ever quarantined or removed by Stocktake in the reported accounts. */
    private static RemediationView remediation(Digest digest) {
        if (digest.remediation().isEmpty()) {
            return null;
        }
        List<Digest.Remediated> listed = digest.remediation().stream().filter(r -> r.unfinished() || r.changedToday()).toList();
        List<RemediationRow> rows = listed.stream().limit(DigestHtml.MAX_REMEDIATED).map(r -> new RemediationRow(r.userName(),
                r.accountName(), r.accountId(), MigrationWords.remediationState(r.state()), r.remediation(), r.unfinished())).toList();
        return new RemediationView("Remediation", DigestFormat.remediation(digest), rows,
                listed.size() > rows.size() ? listed.size() - rows.size() : null);
    }

    private static Kpis kpis(Totals totals) {
        long now = totals.consoleUsers();
        return new Kpis(now, List.of(Change.of("since yesterday", now, totals.consoleUsersDayBefore()),
                Change.of("in 7 days", now, totals.consoleUsers7DaysBefore()),
                Change.of("in 14 days", now, totals.consoleUsers14DaysBefore())),
                totals.users(), totals.consoleUsersWithoutMfa(), totals.accountsLine());
    }

    private static RejectedView rejected(Digest digest) {
        List<String> files = digest.rejected().stream().limit(DigestHtml.MAX_REJECTED).map(DigestFormat::rejected).toList();
        return new RejectedView(files, more(digest.rejected().size(), DigestHtml.MAX_REJECTED), digest.rejected().size());
    }

    private static CoverageView coverage(Digest digest) {
        Coverage coverage = digest.coverage();
        if (coverage == null) {
            return null;
        }
        List<MissingRow> missing = digest.missingAccounts().stream().limit(DigestHtml.MAX_ACCOUNTS)
                .map(a -> new MissingRow(a.accountName(), a.accountId(), orDash(a.ouPath()), orDash(a.owner()), DigestFormat.lastReport(a)))
                .toList();
        return new CoverageView(coverage.complete() ? "Accounts reporting: all " + coverage.expectedAccounts()
                : "Accounts reporting: " + coverage.missingAccounts() + " missing",
                coverage.reportedAccounts(), coverage.expectedAccounts(), DigestFormat.coveragePercent(coverage), coverage.activeAccounts(),
                coverage.carriedAccounts(), Bar.of(coverage.percent() == null ? 0 : coverage.percent() / 100, coverage.complete() ? GREEN : RED, 10),
                missing, more(digest.missingAccounts().size(), DigestHtml.MAX_ACCOUNTS));
    }

    private static AllowlistView allowlist(Digest digest) {
        Digest.AllowlistSplit split = digest.allowlist();
        List<FindingRow> findings = digest.findings().stream().limit(DigestHtml.MAX_FINDINGS).map(f -> new FindingRow(
                "expired".equals(f.status()) ? "expired " + (f.daysSinceExpiry() == null ? "" : plural(f.daysSinceExpiry(), "day", "days") + " ago")
                        : f.status(),
                f.userName(), f.accountName(), f.accountId(), f.credentialsHeld(), orDash(f.owner()), orDash(f.reason()),
                f.ticket() == null || f.ticket().isEmpty() ? null : f.ticket(), orDash(f.expires()))).toList();
        return new AllowlistView("To remove: " + split.usersToRemove() + " \u00b7 accepted (allowlisted): " + split.acceptedUsers(),
                split.usersToRemove(), split.consoleUsersToRemove(), split.acceptedUsers(), split.acceptedConsoleUsers(), findings,
                more(digest.findings().size(), DigestHtml.MAX_FINDINGS));
    }

    private static AccountsView accounts(Digest digest) {
        // no row of zeros: accounts without console users are counted in one line
        List<AccountLine> reporting = digest.accountsWithConsoleUsers();
        long max = reporting.stream().mapToLong(AccountLine::consoleUsers).max().orElse(0);
        List<AccountRow> rows = reporting.stream().limit(DigestHtml.MAX_ACCOUNTS).map(a -> new AccountRow(a.accountName(),
                a.accountId(), a.consoleUsers(), Bar.of(max == 0 ? 0 : (double) a.consoleUsers() / max, BLUE, 10),
                List.of(Change.of("1 day", a.consoleUsers(), a.consoleUsersDayBefore()),
                        Change.of("7 days", a.consoleUsers(), a.consoleUsers7DaysBefore()),
                        Change.of("14 days", a.consoleUsers(), a.consoleUsers14DaysBefore())),
                orDash(a.consoleUsersWithoutMfa() == null ? null : a.consoleUsersWithoutMfa().toString()),
                a.carried() ? "carried from " + a.reportDay() : null)).toList();
        String rest = null;
        if (reporting.size() > DigestHtml.MAX_ACCOUNTS) {
            List<AccountLine> others = reporting.subList(DigestHtml.MAX_ACCOUNTS, reporting.size());
            rest = "and " + others.size() + " more accounts with " + others.stream().mapToLong(AccountLine::consoleUsers).sum()
                    + " console users";
        }
        long none = digest.accountsWithoutConsoleUsers();
        String without = none == 0 ? null : plural(none, "account has", "accounts have") + " no console-capable IAM user (not listed).";
        List<AccountLine> silent = digest.accounts().stream()
                .filter(a -> a.consoleUsers() == null && a.consoleUsersDayBefore() != null).toList();
        Silent missing = silent.isEmpty() || digest.coverage() != null ? null
                : new Silent(plural(silent.size(), "account", "accounts"),
                silent.stream().map(a -> a.accountName() + " (" + a.accountId() + ")").collect(Collectors.joining(", ")));
        return new AccountsView("Console-capable IAM users per account", rows, rest, without, missing);
    }

    private static NewUsersView newUsers(Digest digest) {
        List<NewUserRow> rows = digest.newUsers().stream().limit(DigestHtml.MAX_NEW_USERS).map(u -> new NewUserRow(u.accountName(),
                u.accountId(), u.userName(), DigestFormat.minutes(u.createdAt()), u.consoleAccess(), u.mfaActive(),
                u.activeAccessKeys() > 0 ? plural(u.activeAccessKeys(), "access key", "access keys") : null)).toList();
        return new NewUsersView("New IAM users since yesterday (" + digest.newUsers().size() + ")", rows,
                more(digest.newUsers().size(), DigestHtml.MAX_NEW_USERS));
    }

    private static StaleView stale(Digest digest) {
        return new StaleView("Oldest unused credentials (" + digest.staleTotal() + " stale in all)", digest.oldestUnused().stream()
                .map(c -> new StaleRow(c.accountName(), c.accountId(), c.userName(), DigestFormat.credentialLabel(c.credential()),
                        "never_used".equals(c.finding()), DigestFormat.day(c.createdAt()), DigestFormat.day(c.lastUsed()), c.daysIdle()))
                .toList());
    }

    /** How many are not shown, or {@code null} when all are (the template shows no "and N more" line then). */
    private static Integer more(int size, int shown) {
        return size > shown ? size - shown : null;
    }
}
