package dev.stocktake.notifier.digest;

import static dev.stocktake.notifier.testing.Fixtures.DAY;
import static dev.stocktake.notifier.testing.Html.visibleText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.notifier.NotifierPreview;
import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.JournalFixture;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.notifier.slack.SlackMessage;
import dev.stocktake.notifier.testing.Fixtures;
import dev.stocktake.notifier.testing.SlackPayloads;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.support.testing.HeadlessChromium;

/**
 * The digest's queries run on the shipped views on the embedded Trino (the engine behind Athena) over the fixture
 * reports ({@link Fixtures}), and the digest rendered from their results: what the reader sees.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DigestOnViewsTest {

    @TempDir
    static Path reports;

    static LocalAthena athena;
    static Map<String, ResultTable> results;
    static Digest digest;

    @BeforeAll
    static void start() throws IOException {
        Fixtures.copyTo(reports);
        journal(reports);
        athena = LocalAthena.start(reports);
        results = new LinkedHashMap<>();
        for (DigestQuery query : DigestQuery.all()) {
            results.put(query.name(), run(query.name(), query.inlined(DAY)));
        }
        digest = Digest.from(DAY, results);
    }

    /**
     * The remediation journal (records as remediation's Journal writes them, one line of JSON each): old-admin (prod)
     * quarantined on 2026-03-01, bob (prod) quarantined on 2026-02-01 and deleted on the digest's day after its report,
     * dave (team a/b) quarantined on the digest's day, ivan (team a/b) with a quarantine step started and not done.
     */
    static void journal(Path bucket) {
        new JournalFixture(bucket, "arn:aws:iam::123456789012:user/op")
                .step("q-20260301-000001", "001-delete-password", Action.DELETE_LOGIN_PROFILE, "111111111111", "old-admin", "2026-03-01T10:00:00Z", true)
                .step("q-20260301-000001", "002-deny-all", Action.ATTACH_DENY_POLICY, "111111111111", "old-admin", "2026-03-01T10:00:02Z", true)
                .step("q-20260201-000002", "001-delete-password", Action.DELETE_LOGIN_PROFILE, "111111111111", "bob", "2026-02-01T10:00:00Z", true)
                .step("q-20260201-000002", "002-deny-all", Action.ATTACH_DENY_POLICY, "111111111111", "bob", "2026-02-01T10:00:02Z", true)
                .step("d-20260315-000003", "001-snapshot", Action.SNAPSHOT_USER, "111111111111", "bob", "2026-03-15T12:00:00Z", true)
                .step("d-20260315-000003", "002-delete-user", Action.DELETE_USER, "111111111111", "bob", "2026-03-15T12:00:02Z", true)
                .step("q-20260315-000004", "001-delete-password", Action.DELETE_LOGIN_PROFILE, "222222222222", "dave", "2026-03-15T13:00:00Z", true)
                .step("q-20260315-000004", "002-deny-all", Action.ATTACH_DENY_POLICY, "222222222222", "dave", "2026-03-15T13:00:02Z", true)
                .step("q-20260315-000004", "003-delete-password", Action.DELETE_LOGIN_PROFILE, "222222222222", "ivan", "2026-03-15T13:01:00Z", false);
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    /** Bytes of report files each digest query read (what Athena bills), by query name. */
    static final Map<String, Long> bytesRead = new LinkedHashMap<>();

    static ResultTable run(String name, String sql) {
        QueryResult result = athena.execute(name, sql);
        bytesRead.putIfAbsent(name, result.physicalInputBytes());
        return ResultTable.fromValues(result.columns(), result.rows());
    }

    /** Total size of the fixture reports of the given days. */
    static long sizeOfDays(String... days) {
        long total = 0;
        for (String day : days) {
            try (var files = Files.list(reports.resolve("credential-reports").resolve(day.replace('-', '/')))) {
                for (Path file : files.toList()) {
                    total += Files.size(file);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return total;
    }

    static List<String> row(String... values) {
        return java.util.Arrays.asList(values);
    }

    @Nested
    class The_queries {

        @Test
        void every_file_says_what_it_answers_and_takes_at_most_the_day() {
            assertThat(DigestQuery.all()).extracting(DigestQuery::name)
                    .containsExactly("accounts", "goal", "new_users", "oldest_unused_credentials", "console_users", "coverage",
                            "missing_accounts", "allowlist", "allowlist_findings", "rejected_reports", "milestones", "milestone_blockers",
                            "milestone_owners", "migration_verdicts", "owner_todo", "remediation");
            assertThat(DigestQuery.all()).allSatisfy(query -> {
                assertThat(query.question()).endsWith("?").as(query.name()).isNotBlank();
                assertThat(query.parameterCount()).as(query.name()).isBetween(0, 1);
                assertThat(query.sql()).as(query.name()).doesNotEndWith(";");
                assertThat(query.inlined(DAY)).as(query.name()).contains(query.question().substring(0, 20))
                        .doesNotContain("cast(? as").contains(query.parameterCount() == 1 ? "cast('2026-03-15' as date)" : "");
            });
        }

        @Test
        void accounts_compare_the_day_with_the_day_before_and_7_and_14_days_before_carrying_reports_up_to_3_days() {
            assertThat(results.get("accounts").columns()).containsExactly("account_name", "account_id", "users", "console_users",
                    "console_users_without_mfa", "console_users_day_before", "console_users_7_days_before",
                    "console_users_14_days_before", "carried_forward", "report_dt");
            // legacy sent nothing on the day and forged's report of the day is rejected: both count with their report of
            // the day before (carried); gone's last report (7 days before) is too old to carry: it does not count today
            assertThat(results.get("accounts").rows()).containsExactly(
                    row("team a/b", "222222222222", "3", "3", "1", "2", "2", "3", "false", "2026-03-15"),
                    row("prod", "111111111111", "5", "2", "1", "3", "4", "5", "false", "2026-03-15"),
                    row("forged", "777777777777", "1", "1", "0", "1", "1", "1", "true", "2026-03-14"),
                    row("legacy", "444444444444", "1", "1", "0", "1", "1", "1", "true", "2026-03-14"),
                    row("sandbox <&>", "333333333333", "1", "1", "1", "1", "1", "1", "false", "2026-03-15"),
                    row("gone", "666666666666", null, null, null, null, "1", "1", "false", null));
        }

        @Test
        void the_goal_starts_at_the_first_report_day_and_says_on_how_many_accounts_the_total_rests() {
            // 13 console users on the baseline day (gone and forged one each); 8 now, 2 of them carried; gone is missing
            assertThat(results.get("goal").rows()).containsExactly(
                    row("2026-02-15", "13", "2026-03-15", "8", "2026-03-08", "0.2857", "3", "2", "1", "false"));
        }

        @Test
        void rejected_reports_are_the_days_files_kept_out_with_the_reason_never_their_contents() {
            assertThat(results.get("rejected_reports").columns()).containsExactly("account_name", "account_id", "file_name", "reason",
                    "bad_rows");
            assertThat(results.get("rejected_reports").rows()).containsExactly(row("forged", "777777777777",
                    "forged@777777777777.csv", "ARN of account 111111111111 in the report of account 777777777777", "1"));
            assertThat(run("rejected_reports", DigestQuery.all().stream().filter(q -> q.name().equals("rejected_reports")).findFirst().orElseThrow()
                    .inlined(DAY.minusDays(1))).rows()).isEmpty();
        }

        @Test
        void milestones_and_their_blockers_come_from_the_milestone_views_organization_first() {
            assertThat(results.get("milestones").rows()).containsExactly(
                    row("organization", null, "2026-04-30", "5", "under 5", "true", "2026-03-15", "8", "3", "6", "1", "on_track", "2026-03-26"),
                    row("organization", null, "2026-12-31", "0", "zero", "false", "2026-03-15", "8", "8", "6", "1", "on_track", "2026-04-12"),
                    row("account", "222222222222", "2026-04-30", "1", "team first", "true", "2026-03-15", "3", "2", "1", "0", "behind", null));
            assertThat(results.get("milestone_blockers").rows()).extracting(r -> r.get(0) + " " + r.get(5) + " " + r.get(6) + " "
                    + r.get(7) + " " + r.get(8) + " #" + r.get(9)).containsExactly(
                    "organization team a/b (no owner) 3 0.375 #1", "organization prod platform@example.com 1 0.125 #2",
                    "organization prod security@example.com 1 0.125 #2", "organization sandbox <&> <lab> & co 1 0.125 #2",
                    "organization legacy legacy-team@example.com 1 0.125 #2", "organization forged (no owner) 1 0.125 #2",
                    "account team a/b (no owner) 3 1.0 #1");
            assertThat(results.get("milestone_owners").rows()).extracting(r -> r.get(0) + " " + r.get(2) + " " + r.get(3) + " in "
                    + r.get(4) + " #" + r.get(6)).containsExactly("organization (no owner) 4 in 2 #1", "organization <lab> & co 1 in 1 #2",
                    "organization legacy-team@example.com 1 in 1 #3", "organization platform@example.com 1 in 1 #4",
                    "organization security@example.com 1 in 1 #5", "account (no owner) 3 in 1 #1");
        }

        @Test
        void verdicts_and_the_owners_to_do_are_those_of_the_day() {
            assertThat(results.get("migration_verdicts").rows()).containsExactly(row("allowlisted", "1", "0"),
                    row("identity_center_unknown", "7", "6"), row("machine_user", "1", "0"));
            assertThat(results.get("owner_todo").rows()).containsExactly(
                    row("1", "(no owner)", "3", "3", "1", "identity_center_unknown", "3", "3", "1"),
                    row("2", "platform@example.com", "3", "1", "1", "identity_center_unknown", "2", "1", "1"),
                    row("2", "platform@example.com", "3", "1", "1", "machine_user", "1", "0", "1"),
                    row("3", "<lab> & co", "1", "1", "1", "identity_center_unknown", "1", "1", "1"),
                    row("4", "security@example.com", "1", "1", "1", "identity_center_unknown", "1", "1", "1"));
            // the day before has its own rows (the parameter is the day)
            assertThat(run("migration_verdicts", DigestQuery.all().stream().filter(q -> q.name().equals("migration_verdicts"))
                    .findFirst().orElseThrow().inlined(LocalDate.of(2026, 3, 1))).rows()).isNotEmpty()
                    .isNotEqualTo(results.get("migration_verdicts").rows());
        }

        @Test
        void new_users_are_those_missing_from_the_accounts_previous_report() {
            assertThat(results.get("new_users").rows()).extracting(r -> r.get(0) + "/" + r.get(2) + "/" + r.get(8))
                    .containsExactly("team a/b/dave/2026-03-14", "prod/svc-deploy/2026-03-14");
        }

        @Test
        void oldest_unused_credentials_come_longest_idle_first_with_the_total() {
            assertThat(results.get("oldest_unused_credentials").rows())
                    .extracting(r -> r.get(2) + " " + r.get(3) + " " + r.get(4) + " " + r.get(7) + " of " + r.get(8))
                    .containsExactly("old-admin password unused 287 of 3", "ci-bot access_key_1 unused 165 of 3",
                            "+ops@corp password never_used 73 of 3");
        }

        @Test
        void console_users_are_every_console_capable_user_of_the_day_without_root() {
            assertThat(results.get("console_users").rows()).extracting(r -> r.get(0) + ":" + r.get(2))
                    .containsExactly("prod:alice", "prod:old-admin", "sandbox <&>:+ops@corp", "team a/b:dave", "team a/b:gina",
                            "team a/b:ivan");
        }

        @Test
        void coverage_counts_the_active_accounts_of_the_directory_that_reported() {
            // six active accounts, all joined long before; legacy has no report, forged's is rejected, gone stopped a week
            // before; legacy's and forged's reports of the day before are carried (missing_accounts says so); retired is
            // suspended (not expected)
            assertThat(results.get("coverage").rows()).containsExactly(row("6", "6", "3", "3", "50.0", "1", "2026-03-15"));
            assertThat(results.get("missing_accounts").rows()).extracting(r -> r.get(1) + " carried " + r.get(6))
                    .containsExactlyInAnyOrder("666666666666 carried false", "777777777777 carried true",
                            "444444444444 carried true");
        }

        @Test
        void missing_accounts_come_with_their_ou_owner_and_last_report() {
            assertThat(results.get("missing_accounts").rows()).containsExactly(
                    row("gone", "666666666666", "Root/Workloads/Dev", null, "2026-03-08", "7", "false", "false"),
                    row("forged", "777777777777", "Root/Workloads/Dev", null, "2026-03-14", "1", "true", "true"),
                    row("legacy", "444444444444", "Root/Legacy", "legacy-team@example.com", "2026-03-14", "1", "true", "false"));
        }

        @Test
        void the_allowlist_splits_users_with_a_credential_into_accepted_and_to_remove() {
            // 8 users hold a console password or an active key; ci-bot's key is allowed; old-admin's entry expired,
            // +ops@corp holds a console password its entry does not allow, the other five are not listed
            assertThat(results.get("allowlist").rows()).containsExactly(row("1", "7", "0", "6", "1", "1"));
        }

        @Test
        void allowlist_findings_are_expired_entries_and_violations_with_the_owner() {
            assertThat(results.get("allowlist_findings").rows()).containsExactly(
                    row("prod", "111111111111", "old-admin", "expired", "console", "security@example.com", "Break-glass until SSO",
                            "SEC-1", "2026-03-01", "14"),
                    row("sandbox <&>", "333333333333", "+ops@corp", "violation", "console", "<lab> & co", "Ops mailbox scripts",
                            null, "2026-06-30", null));
        }

        @Test
        void the_days_queries_read_only_the_report_days_they_need_athena_bills_by_bytes_read() {
            // the day is bound once in a params CTE; the partition projection still prunes to the days compared
            assertThat(bytesRead.get("console_users")).isEqualTo(sizeOfDays("2026-03-15"));
            // accounts reads daily_counts_filled, which carries reports forward: it cannot prune by day and reads each
            // report day once (as goal_progress does)
            assertThat(bytesRead.get("accounts")).isEqualTo(sizeOfDays("2026-02-15", "2026-03-01", "2026-03-08", "2026-03-14",
                    "2026-03-15"));
            // new users: the day, and the 14 days before it twice (the latest earlier report per account, then its
            // users) — never the baseline day a month earlier
            assertThat(bytesRead.get("new_users"))
                    .isEqualTo(sizeOfDays("2026-03-15") + 2 * sizeOfDays("2026-03-01", "2026-03-08", "2026-03-14"));
        }

        @Test
        void a_day_without_reports_gives_empty_results_not_an_error() {
            LocalDate before = LocalDate.of(2026, 2, 1);
            assertThat(run("accounts", DigestQuery.all().getFirst().inlined(before)).rows()).isEmpty();
        }
    }

    @Nested
    class The_email {

        final String html = DigestHtml.render(digest, List.of("Also attached: dashboard-2026-03-15.pdf, the QuickSight dashboard."));
        final String text = visibleText(html);

        @Test
        void leads_with_console_users_now_and_the_change_since_yesterday_7_and_14_days() {
            assertThat(DigestHtml.subject(digest))
                    .isEqualTo("Stocktake: 8 console-capable IAM users on 2026-03-15 (\u00b10 since yesterday)");
            // the totals count legacy's and forged's reports of the day before (carried), not gone's (a week old)
            assertThat(text).contains("IAM users on 2026-03-15 Accounts: 3 reported, 2 carried from an earlier report, 1 missing")
                    .contains("8 console-capable IAM users now")
                    .contains("\u00b10 since yesterday (8 then)")
                    .contains("\u22122 in 7 days (10 then)")
                    .contains("\u22124 in 14 days (12 then)")
                    .contains("11 IAM users in all; 3 console users without MFA. "
                            + "Accounts in the totals: 3 reported, 2 carried from an earlier report, 1 missing.");
            assertThat(DigestText.render(digest)).contains("8 console-capable IAM users now, \u00b10 since yesterday, \u22122 in 7 days, "
                    + "\u22124 in 14 days.\r\nAccounts in the totals: 3 reported, 2 carried from an earlier report, 1 missing.\r\n");
        }

        @Test
        void shows_the_next_and_final_milestone_and_the_owners_and_accounts_that_hold_it_back() {
            assertThat(text).contains("Milestones Next milestone: under 5: at most 5 console-capable IAM users by 2026-04-30 "
                            + "(46 days left). Now 8, 3 above the maximum: on track; projected for 2026-03-26 at the recent pace; "
                            + "rests on incomplete coverage (1 account missing). "
                            + "Final milestone: zero: at most 0 console-capable IAM users by 2026-12-31 (291 days left). "
                            + "Held back by Owner Console users Accounts Share (no owner) 4 2 50 % <lab> & co 1 1 13 % "
                            + "legacy-team@example.com 1 1 13 % platform@example.com 1 1 13 % security@example.com 1 1 13 % "
                            + "Account Owner Console users Share team a/b 222222222222 (no owner) 3 38 % "
                            + "prod 111111111111 platform@example.com 1 13 % prod 111111111111 security@example.com 1 13 % "
                            + "sandbox <&> 333333333333 <lab> & co 1 13 % legacy 444444444444 legacy-team@example.com 1 13 % "
                            + "forged 777777777777 (no owner) 1 13 % "
                            + "Next milestone of account 222222222222: team first: at most 1 console-capable IAM users by 2026-04-30 "
                            + "(46 days left); now 3, 2 above the maximum: behind; no projection: console users have not gone down "
                            + "lately.")
                    .doesNotContain("90 %").doesNotContain("Goal");
            assertThat(html).contains("&lt;lab&gt; &amp; co").doesNotContain("<lab>");
            assertThat(DigestText.render(digest)).contains("Next milestone: under 5: at most 5 console-capable IAM users by 2026-04-30 "
                    + "(46 days left); now 8, 3 above the maximum: on track; projected for 2026-03-26 at the recent pace; rests on "
                    + "incomplete coverage (1 account missing).\r\nFinal milestone: zero: at most 0 console-capable IAM users by "
                    + "2026-12-31 (291 days left).\r\nHeld back by these owners:\r\n  (no owner): 4 console users in 2 accounts "
                    + "(50 % of the scope)\r\n");
        }

        @Test
        void counts_the_days_users_by_verdict_and_lists_the_owners_with_the_most_to_do() {
            // no Identity Center export in the fixtures: every user is identity_center_unknown, but the allowlisted
            // ci-bot (keys only, allowed) and the machine user svc-deploy (a key, no console)
            assertThat(text).contains("IAM users by verdict (9 IAM users) Verdict IAM users with console access "
                    + "ready to remove 0 0 needs assignment 0 0 no identity 0 0 machine user 1 0 still in use 0 0 allowlisted 1 0 "
                    + "Identity Center unknown 7 6 "
                    + "Owners with the most to do Owner IAM users Console Accounts To do (no owner) 3 3 1 Identity Center unknown 3 "
                    + "platform@example.com 3 1 1 Identity Center unknown 2, machine user 1 <lab> & co 1 1 1 Identity Center unknown 1 "
                    + "security@example.com 1 1 1 Identity Center unknown 1");
            assertThat(DigestText.render(digest)).contains("Migration verdicts (9 IAM users): ready to remove 0, needs assignment 0, "
                    + "no identity 0, machine user 1, still in use 0, allowlisted 1, Identity Center unknown 7.\r\n");
        }

        @Test
        void has_a_row_per_account_with_a_bar_drawn_as_table_cells_and_names_escaped() {
            assertThat(text).contains("team a/b 222222222222 3 +1 +1 \u00b10 1")
                    .contains("prod 111111111111 2 \u22121 \u22122 \u22123 1")
                    .contains("sandbox <&> 333333333333 1 \u00b10 \u00b10 \u00b10 1")
                    .contains("forged 777777777777 \u00b7 carried from 2026-03-14 1 \u00b10 \u00b10 \u00b10 0")
                    .contains("legacy 444444444444 \u00b7 carried from 2026-03-14 1 \u00b10 \u00b10 \u00b10 0")
                    .doesNotContain("gone 666666666666 \u00b7");
            assertThat(html).contains("sandbox &lt;&amp;&gt;").doesNotContain("sandbox <&>");
            // the bars: the largest account fills its cell, the others in proportion
            assertThat(html).contains("<td width=\"100%\" height=\"10\"").contains("<td width=\"67%\" height=\"10\"")
                    .contains("<td width=\"33%\" height=\"10\"");
        }

        @Test
        void says_loudly_which_accounts_did_not_report_today_with_their_ou_owner_and_last_report() {
            assertThat(text).contains("Accounts reporting: 3 missing")
                    .contains("3 of 6 expected accounts reported (50 %); 6 active in the organization; 2 carried from an earlier report.")
                    .contains("Missing account OU Owner Last report gone 666666666666 Root/Workloads/Dev \u2014 2026-03-08 (7 days ago) "
                            + "forged 777777777777 Root/Workloads/Dev \u2014 today's rejected; 2026-03-14 (1 day ago, carried) "
                            + "legacy 444444444444 Root/Legacy legacy-team@example.com 2026-03-14 (1 day ago, carried)")
                    // with the account directory the guess from yesterday's reports is not needed
                    .doesNotContain("that reported yesterday");
            assertThat(html).contains("<td width=\"50%\" height=\"10\" bgcolor=\"" + DigestHtml.RED + "\"");
            assertThat(DigestText.render(digest)).contains("Accounts reporting: 3 of 6 expected (50 %); 6 active; 2 carried from an "
                    + "earlier report.\r\nMissing today: 3\r\n  gone (666666666666), OU Root/Workloads/Dev, owner \u2014, "
                    + "last report 2026-03-08 (7 days ago)\r\n  forged (777777777777), OU Root/Workloads/Dev, owner \u2014, "
                    + "last report today's rejected; 2026-03-14 (1 day ago, carried)\r\n  legacy (444444444444), OU Root/Legacy, "
                    + "owner legacy-team@example.com, last report 2026-03-14 (1 day ago, carried)\r\n");
        }

        @Test
        void shows_the_rejected_report_files_of_the_day_beside_the_coverage() {
            assertThat(text).contains("2 carried from an earlier report. Missing account")
                    .contains("Rejected report files: 1 kept out of every number; select * from rejected_reports lists them "
                            + "forged (777777777777): ARN of account 111111111111 in the report of account 777777777777")
                    .doesNotContain("No report was rejected")
                    // never the rejected file's contents: its forged row is prod's alice
                    .doesNotContain("alice");
            assertThat(DigestText.render(digest)).contains("Rejected report files: 1 (kept out of every number; select * from "
                    + "rejected_reports)\r\n  forged (777777777777): ARN of account 111111111111 in the report of account 777777777777\r\n");
        }

        @Test
        void separates_accepted_from_to_remove_and_lists_the_allowlist_findings_with_their_owner() {
            assertThat(text).contains("To remove: 7 \u00b7 accepted (allowlisted): 1")
                    .contains("Of the IAM users holding a console password or an active access key: 7 to remove (6 with console "
                            + "access), 1 accepted by the allowlist (0 with console access).")
                    .contains("expired 14 days ago old-admin in prod 111111111111 console security@example.com: "
                            + "Break-glass until SSO (SEC-1), until 2026-03-01")
                    .contains("violation +ops@corp in sandbox <&> 333333333333 console <lab> & co: Ops mailbox scripts, until 2026-06-30");
            assertThat(html).contains("&lt;lab&gt; &amp; co").doesNotContain("<lab>");
            assertThat(DigestText.render(digest)).contains("To remove: 7 IAM users holding a console password or an active key "
                    + "(6 with console access); accepted (allowlisted): 1 (0 with console access).\r\nAllowlist findings: 2\r\n"
                    + "  expired: old-admin in prod (111111111111), holds console, owner security@example.com, entry until 2026-03-01\r\n"
                    + "  violation: +ops@corp in sandbox <&> (333333333333), holds console, owner <lab> & co, entry until 2026-06-30\r\n");
        }

        @Test
        void lists_new_users_and_the_oldest_unused_credentials() {
            assertThat(text).contains("New IAM users since yesterday (2)")
                    .contains("team a/b 222222222222 dave 2026-03-14 23:30 console without MFA")
                    .contains("prod 111111111111 svc-deploy 2026-03-14 22:00 1 access key")
                    .contains("Oldest unused credentials (3 stale in all)")
                    .contains("old-admin in prod 111111111111 password 2025-06-01 287")
                    .contains("ci-bot in prod 111111111111 access key 1 2025-10-01 165")
                    .contains("+ops@corp in sandbox <&> 333333333333 password never (created 2026-01-01) 73");
        }

        @Test
        void has_a_remediation_section_quarantined_and_removed_today_and_in_the_watch_window() {
            String summary = "Quarantined today: 1. Removed by Stocktake today: 1. In the watch window: 2; past it (a deletion "
                    + "plan may take them): 0. Unfinished applies: 1 (run the same stocktake remediate apply again).";
            assertThat(text).contains("Remediation " + summary + " User State "
                    + "ivan in team a/b 222222222222 partially quarantined since 2026-03-15 (apply did not finish: run it again) "
                    + "dave in team a/b 222222222222 quarantined since 2026-03-15 (30 days to go) "
                    + "bob in prod 111111111111 removed by Stocktake on 2026-03-15 (plan d-20260315-000003)");
            assertThat(DigestText.render(digest)).contains("Remediation: " + summary + "\r\n"
                    + "  ivan in team a/b (222222222222): partially quarantined since 2026-03-15 (apply did not finish: run it again)\r\n"
                    + "  dave in team a/b (222222222222): quarantined since 2026-03-15 (30 days to go)\r\n"
                    + "  bob in prod (111111111111): removed by Stocktake on 2026-03-15 (plan d-20260315-000003)\r\n");
        }

        @Test
        void fits_a_390_px_phone_screen_and_its_figures_are_the_queries(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("digest.html");
            Files.writeString(file, html);
            if (System.getProperty("stocktake.screenshots") != null) {
                Files.writeString(Path.of(System.getProperty("stocktake.screenshots"), "notifier-digest.html"), html);
            }
            // what the queries say (the data set), not what the renderer computed
            long consoleUsers = Long.parseLong(results.get("goal").rows().getFirst().get(
                    results.get("goal").columns().indexOf("current_console_users")));
            int console = results.get("accounts").columns().indexOf("console_users");
            List<String> withConsoleUsers = results.get("accounts").rows().stream()
                    .filter(r -> r.get(console) != null && Long.parseLong(r.get(console)) > 0)
                    .map(r -> r.get(results.get("accounts").columns().indexOf("account_name"))).toList();

            try (HeadlessChromium browser = HeadlessChromium.start(390, 844)) {
                browser.open(file, "document.readyState === 'complete'");
                HeadlessChromium.PageWidth width = browser.pageWidth(0);
                JsonNode shown = browser.evaluate("(() => { const rows = [...document.querySelectorAll('[data-table=accounts] tr')].slice(1)"
                        + ".filter(r => r.cells.length === 6);"
                        + " return {now: document.querySelector('td[width=\"34%\"] div').textContent,"
                        + " accounts: rows.map(r => r.cells[0].firstChild.textContent), counts: rows.map(r => +r.cells[1].textContent),"
                        + " widest: Math.max(...[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right)),"
                        // every word of 4+ letters on one line: words wrap between words, never mid-word (but in IDs,
                        // names, owners, paths and dates, styled overflow-wrap: anywhere)
                        + " broken: (() => { const out = []; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
                        + " for (let n = walk.nextNode(); n; n = walk.nextNode()) {"
                        + " if (getComputedStyle(n.parentElement).overflowWrap === 'anywhere') continue; const re = /[A-Za-z]{4,}/g; let m;"
                        + " while ((m = re.exec(n.data)) !== null) { const r = document.createRange(); r.setStart(n, m.index);"
                        + " r.setEnd(n, m.index + m[0].length); const tops = new Set([...r.getClientRects()].map(c => Math.round(c.top)));"
                        + " if (tops.size > 1) out.push(m[0]); } } return out; })()}; })()");

                assertThat(width.overflows()).as("page %s px wide in a %s px window", width.scrollWidth(), width.window()).isFalse();
                assertThat(shown.path("widest").asDouble()).isLessThanOrEqualTo(390);
                assertThat(shown.path("broken")).as("words broken across lines").isEmpty();
                assertThat(shown.path("now").asText()).isEqualTo(String.valueOf(consoleUsers));
                assertThat(shown.path("accounts")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(withConsoleUsers);
                assertThat(shown.path("counts")).extracting(JsonNode::asLong).allMatch(n -> n > 0);
                assertThat(browser.consoleErrors).isEmpty();
                if (System.getProperty("stocktake.screenshots") != null) {
                    browser.screenshot(Path.of(System.getProperty("stocktake.screenshots"), "notifier-digest-390.png"));
                }
            }
            if (System.getProperty("stocktake.screenshots") != null) {
                // docs/notifier-digest.png: the same email in a 760-px window (a desktop mail client)
                try (HeadlessChromium wide = HeadlessChromium.start(760, 900)) {
                    wide.open(file, "document.readyState === 'complete'");
                    assertThat(wide.pageWidth(0).overflows()).isFalse();
                    wide.screenshot(Path.of(System.getProperty("stocktake.screenshots"), "notifier-digest.png"));
                }
            }
        }

        @Test
        void is_email_safe_no_script_style_svg_image_or_outside_resource() {
            assertThat(html.toLowerCase()).doesNotContain("<script", "<style", "<svg", "<img", "<link", "javascript:",
                    "http://", "https://", "class=\"", "display:flex", "display:grid");
            assertThat(text).contains("Attached: console-users-2026-03-15.csv, all 6 console-capable IAM users")
                    .contains("Also attached: dashboard-2026-03-15.pdf, the QuickSight dashboard.");
        }

        @Test
        void attaches_every_console_user_as_csv_guarded_against_formulas() {
            String csv = ConsoleUsersCsv.render(digest);
            List<String> lines = csv.lines().toList();
            assertThat(csv).endsWith("\r\n");
            assertThat(lines).hasSize(7);
            assertThat(lines.getFirst()).isEqualTo("account_name,account_id,user_name,arn,user_created_at,password_last_used,"
                    + "password_last_used_state,mfa_active,active_access_keys,access_key_1_last_used,access_key_2_last_used,"
                    + "days_since_last_activity");
            assertThat(lines.get(1)).startsWith("prod,111111111111,alice,arn:aws:iam::111111111111:user/alice,2024-05-01 10:00:00")
                    .contains(",2026-03-14 09:00:00").contains(",timestamp,true,0,,,1");
            // a user name starting with + would be a formula in a spreadsheet: guarded with a leading '
            assertThat(lines.get(3)).isEqualTo("sandbox <&>,333333333333,'+ops@corp,arn:aws:iam::333333333333:user/+ops@corp,"
                    + "2026-01-01 00:00:00.000,,no_information,false,0,,,73");
        }
    }

    @Nested
    class The_slack_message {

        final JsonNode message = json(SlackMessage.render(digest));

        @Test
        void has_a_fallback_text_and_block_kit_blocks() {
            assertThat(message.path("text").asText())
                    .isEqualTo("Stocktake 2026-03-15: 8 console-capable IAM users (\u00b10 since yesterday); next milestone 2026-04-30 "
                            + "(at most 5): on track; 3 accounts did not report (2 carried from an earlier report); 1 report file rejected");
            assertThat(message.path("blocks").findValuesAsText("type"))
                    .startsWith("header", "plain_text", "section", "mrkdwn", "section");
            assertThat(message.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("IAM users on 2026-03-15");
        }

        @Test
        void says_what_stocktake_remediate_did_as_the_email_does() {
            String all = String.join("\n", SlackPayloads.texts(message.path("blocks")));
            assertThat(all).contains("*Remediation:* Quarantined today: 1. Removed by Stocktake today: 1. In the watch window: 2; "
                    + "past it (a deletion plan may take them): 0. Unfinished applies: 1 (run the same stocktake remediate apply again)."
                    + "\n\u2022 ivan in team a/b (222222222222): partially quarantined since 2026-03-15 (apply did not finish: run it again)"
                    + "\n\u2022 dave in team a/b (222222222222): quarantined since 2026-03-15 (30 days to go)"
                    + "\n\u2022 bob in prod (111111111111): removed by Stocktake on 2026-03-15 (plan d-20260315-000003)");
        }

        @Test
        void summarises_the_day_the_milestones_the_verdicts_the_top_accounts_new_users_and_stale_credentials() {
            String all = String.join("\n", SlackPayloads.texts(message.path("blocks")));
            assertThat(all).contains("*8* console-capable IAM users now (\u00b10 since yesterday, \u22122 in 7 days, \u22124 in 14 days)")
                    .contains("IAM users in all.\nAccounts in the totals: 3 reported, 2 carried from an earlier report, 1 missing.")
                    .contains("*Next milestone:* under 5: at most 5 console-capable IAM users by 2026-04-30 (46 days left)\n"
                            + "now 8, 3 above the maximum: on track; projected for 2026-03-26 at the recent pace; rests on incomplete "
                            + "coverage (1 account missing)\n*Final milestone:* zero: at most 0 console-capable IAM users by 2026-12-31 "
                            + "(291 days left)\n*Held back by*\n\u2022 (no owner): 4 console users in 2 accounts (50 % of the scope)\n"
                            + "\u2022 &lt;lab&gt; &amp; co: 1 console user in 1 account (13 % of the scope)\n")
                    .contains("*in the accounts*\n\u2022 team a/b (222222222222), owner (no owner): 3 console users (38 % of the scope)\n")
                    .contains("*Migration verdicts* (9 IAM users): ready to remove 0, needs assignment 0, no identity 0, machine user 1, "
                            + "still in use 0, allowlisted 1, Identity Center unknown 7\n*Owners with the most to do*\n"
                            + "\u2022 (no owner): 3 IAM users (3 console) in 1 account: Identity Center unknown 3\n"
                            + "\u2022 platform@example.com: 3 IAM users (1 console) in 1 account: Identity Center unknown 2, machine user 1\n"
                            + "\u2022 &lt;lab&gt; &amp; co: 1 IAM user (1 console) in 1 account: Identity Center unknown 1")
                    .doesNotContain("<lab>").doesNotContain("Goal")
                    .contains(":warning: *Rejected report files: 1* (kept out of every number; `select * from rejected_reports`)\n"
                            + "\u2022 forged (777777777777): ARN of account 111111111111 in the report of account 777777777777")
                    .contains("\u2022 team a/b (222222222222): *3* (+1 in 7 days)")
                    .contains("\u2022 sandbox &lt;&amp;&gt; (333333333333): *1* (\u00b10 in 7 days)")
                    .contains("*New IAM users since yesterday: 2*\n\u2022 `dave` in team a/b (222222222222), console *without MFA*")
                    .contains("*Stale credentials: 3*\nIdle longest: `old-admin`'s password in prod, unused for 287 days")
                    .contains("*To remove: 7* IAM users with a console password or an active key (6 console) \u00b7 "
                            + "*accepted (allowlisted): 1* (0 console)\n*Allowlist findings: 2*\n"
                            + "\u2022 expired: `old-admin` in prod (111111111111), holds console, owner security@example.com, entry until 2026-03-01\n"
                            + "\u2022 violation: `+ops@corp` in sandbox &lt;&amp;&gt; (333333333333), holds console, owner &lt;lab&gt; &amp; co, "
                            + "entry until 2026-06-30")
                    .contains(":warning: *Accounts reporting: 3 of 6* expected (50 %)\n*Missing today: 3*\n"
                            + "\u2022 gone (666666666666), Root/Workloads/Dev, owner \u2014, last report 2026-03-08 (7 days ago)\n"
                            + "\u2022 forged (777777777777), Root/Workloads/Dev, owner \u2014, last report today's rejected; 2026-03-14 "
                            + "(1 day ago, carried)\n"
                            + "\u2022 legacy (444444444444), Root/Legacy, owner legacy-team@example.com, last report 2026-03-14 (1 day ago, carried)");
        }

        JsonNode json(String text) {
            try {
                return new ObjectMapper().readTree(text);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    class The_preview {

        @Test
        void renders_what_would_be_sent_from_the_same_queries_without_sending() throws IOException {
            // the preview runs each digest query with the day written in; answered here with the results the same
            // statements gave on Trino above (running them twice would only cost time)
            Map<String, String> asked = new LinkedHashMap<>();
            NotifierPreview.Preview preview = NotifierPreview.render(DAY, (name, sql) -> {
                asked.put(name, sql);
                return results.get(name);
            });
            assertThat(asked).containsOnlyKeys(results.keySet());
            DigestQuery.all().forEach(query -> assertThat(asked.get(query.name())).isEqualTo(query.inlined(DAY)));
            assertThat(preview.subject()).isEqualTo(DigestHtml.subject(digest));
            assertThat(visibleText(preview.html())).contains("8 console-capable IAM users now").contains("Preview: nothing was sent.");
            assertThat(preview.slackJson()).isEqualTo(SlackMessage.render(digest));
            assertThat(preview.csvName()).isEqualTo("console-users-2026-03-15.csv");
            assertThat(preview.text()).contains("8 console-capable IAM users now, \u00b10 since yesterday");
            // kept for docs/notifier.md's picture (rendered with headless Chromium)
            Path out = Path.of("target", "digest-preview");
            Files.createDirectories(out);
            Files.writeString(out.resolve("digest.html"), preview.html());
            Files.writeString(out.resolve("slack.json"), preview.slackJson());
        }
    }
}
