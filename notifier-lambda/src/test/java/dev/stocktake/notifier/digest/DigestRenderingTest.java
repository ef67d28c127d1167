package dev.stocktake.notifier.digest;

import static dev.stocktake.notifier.testing.Html.visibleText;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.notifier.slack.SlackMessage;

/** Rendering cases the fixtures do not reach: no report at all, a reached goal, hostile names. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DigestRenderingTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 15);

    /**
     * The results of the digest queries: {@code accounts} rows of 8 values are reported on the day (not carried);
     * {@code goal} rows of 6 values rest on complete coverage (no account missing on the day).
     */
    static final List<String> REMEDIATION_COLUMNS = List.of("account_name", "account_id", "user_name", "remediation_state",
            "remediation", "since_day", "changed_today", "plan_id", "watch_days_to_go");

    static Map<String, ResultTable> results(List<List<String>> accounts, List<List<String>> goal) {
        Map<String, ResultTable> results = new LinkedHashMap<>();
        results.put("accounts", new ResultTable(List.of("account_name", "account_id", "users", "console_users",
                "console_users_without_mfa", "console_users_day_before", "console_users_7_days_before",
                "console_users_14_days_before", "carried_forward", "report_dt"),
                accounts.stream().map(row -> row.size() > 8 ? row : padded(row, "false", row.get(3) == null ? null : DAY.toString())).toList()));
        results.put("goal", new ResultTable(List.of("baseline_day", "baseline_console_users", "current_day",
                "current_console_users", "rate_from_day", "recent_daily_reduction", "current_reported_accounts",
                "current_carried_accounts", "current_missing_accounts", "target_reached"),
                goal.stream().map(row -> row.size() > 6 ? row : padded(row, "1", "0", "0", "false")).toList()));
        results.put("new_users", new ResultTable(List.of("account_name", "account_id", "user_name", "arn", "user_created_at",
                "has_console_access", "mfa_active", "active_access_keys", "previous_dt"), List.of()));
        results.put("oldest_unused_credentials", new ResultTable(List.of("account_name", "account_id", "user_name", "credential",
                "finding", "created_at", "last_used", "days_idle", "stale_total"), List.of()));
        results.put("console_users", new ResultTable(List.of("account_name", "account_id", "user_name"), List.of()));
        results.put("coverage", new ResultTable(List.of("active_accounts", "expected_accounts", "reported_accounts",
                "missing_accounts", "coverage_percent", "rejected_reports", "directory_dt"), List.of()));
        results.put("missing_accounts", new ResultTable(List.of("account_name", "account_id", "ou_path", "owner", "last_report_dt",
                "days_since_last_report", "carried_forward", "report_rejected"), List.of()));
        results.put("allowlist", new ResultTable(List.of("accepted_users", "users_to_remove", "accepted_console_users",
                "console_users_to_remove", "violations", "expired"), List.of(Arrays.asList("0", "0", "0", "0", "0", "0"))));
        results.put("allowlist_findings", new ResultTable(List.of("account_name", "account_id", "user_name", "allowlist_status",
                "credentials_held", "allowlist_owner", "allowlist_reason", "allowlist_ticket", "allowlist_expires",
                "days_since_expiry"), List.of()));
        results.put("rejected_reports", new ResultTable(List.of("account_name", "account_id", "file_name", "reason", "bad_rows"),
                List.of()));
        results.put("milestones", new ResultTable(MILESTONE_COLUMNS, List.of()));
        results.put("milestone_blockers", new ResultTable(BLOCKER_COLUMNS, List.of()));
        results.put("milestone_owners", new ResultTable(BLOCKER_OWNER_COLUMNS, List.of()));
        results.put("migration_verdicts", new ResultTable(List.of("verdict", "users", "console_users"), List.of()));
        results.put("owner_todo", new ResultTable(OWNER_TODO_COLUMNS, List.of()));
        results.put("remediation", new ResultTable(REMEDIATION_COLUMNS, List.of()));
        return results;
    }

    static final List<String> MILESTONE_COLUMNS = List.of("scope_type", "scope", "day", "max_console_users", "name", "is_next",
            "current_day", "current_console_users", "distance", "accounts_in_scope", "missing_accounts", "status", "projected_day");
    static final List<String> BLOCKER_COLUMNS = List.of("scope_type", "scope", "day", "max_console_users", "account_id",
            "account_name", "owner", "console_users", "share_of_scope", "rank");
    static final List<String> BLOCKER_OWNER_COLUMNS = List.of("scope_type", "scope", "owner", "console_users", "accounts",
            "share_of_scope", "owner_rank");
    static final List<String> OWNER_TODO_COLUMNS = List.of("owner_rank", "owner", "owner_users", "owner_console_users",
            "owner_accounts", "verdict", "users", "console_users", "accounts");

    /** {@code results} with the organization's milestones {@code rows} (the columns of {@link #MILESTONE_COLUMNS}). */
    static Map<String, ResultTable> withMilestones(Map<String, ResultTable> results, List<List<String>> rows) {
        results.put("milestones", new ResultTable(MILESTONE_COLUMNS, rows));
        return results;
    }

    private static List<String> padded(List<String> row, String... more) {
        List<String> padded = new java.util.ArrayList<>(row);
        padded.addAll(Arrays.asList(more));
        return padded;
    }

    @Test
    void a_milestone_at_or_under_its_maximum_with_accounts_missing_is_not_met_and_says_why() {
        Digest digest = Digest.from(DAY, withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "4", "1", "0", "1", "3", "5")),
                List.of(Arrays.asList("2026-01-01", "10", "2026-03-15", "1", "2026-03-08", "0.2857", "1", "0", "2", "false"))),
                List.of(Arrays.asList("organization", "", "2026-06-30", "1", "under 2", "true", "2026-03-15", "1", "0", "3", "2",
                        "on_track", "2026-03-15"))));

        String html = DigestHtml.render(digest, List.of());
        assertThat(visibleText(html)).contains("Next milestone: under 2: at most 1 console-capable IAM users by 2026-06-30 "
                        + "(107 days left). Now 1, at or under the maximum: on track; projected for 2026-03-15 at the recent pace; "
                        + "rests on incomplete coverage (2 accounts missing).")
                .contains("Accounts: 1 reported, 0 carried from an earlier report, 2 missing")
                .doesNotContain(": met");
        assertThat(html).doesNotContain("bgcolor=\"" + DigestHtml.GREEN + "\"");
        assertThat(DigestText.render(digest)).contains("Next milestone: under 2: at most 1 console-capable IAM users by 2026-06-30 "
                + "(107 days left); now 1, at or under the maximum: on track; projected for 2026-03-15 at the recent pace; rests on "
                + "incomplete coverage (2 accounts missing).\r\n").doesNotContain("Final milestone");
        assertThat(SlackMessage.render(digest)).doesNotContain(":white_check_mark: now")
                .contains("rests on incomplete coverage (2 accounts missing)");
    }

    @Test
    void another_day_than_the_goals_current_one_takes_its_missing_accounts_from_the_coverage() {
        Map<String, ResultTable> results = results(List.of(Arrays.asList("prod", "111111111111", "4", "1", "0", "1", "3", "5"),
                        Arrays.asList("legacy", "444444444444", "2", "1", "0", "1", "1", "1", "true", "2026-03-13")),
                List.of(Arrays.asList("2026-01-01", "20", "2026-03-20", "2", "2026-03-13", "0.5", "2", "0", "0", "true")));
        results.put("coverage", new ResultTable(results.get("coverage").columns(),
                List.of(Arrays.asList("3", "3", "1", "2", "33.33", "0", "2026-03-15"))));
        results.put("missing_accounts", new ResultTable(results.get("missing_accounts").columns(), List.of(
                Arrays.asList("legacy", "444444444444", "Root/Legacy", null, "2026-03-13", "2", "true", "false"),
                Arrays.asList("gone", "666666666666", "Root/Dev", null, "2026-03-01", "14", "false", "false"))));
        Digest digest = Digest.from(DAY, results);

        // on 2026-03-15 legacy is carried and one more account is missing (2 missing in coverage, 1 of them carried,
        // as missing_accounts says)
        assertThat(digest.totals().accountsLine()).isEqualTo("1 reported, 1 carried from an earlier report, 1 missing");
        assertThat(digest.totals().consoleUsers()).isEqualTo(2);
        assertThat(visibleText(DigestHtml.render(digest, List.of())))
                .contains("legacy 444444444444 \u00b7 carried from 2026-03-13")
                .contains("1 of 3 expected accounts reported (33.3 %); 3 active in the organization; 1 carried from an earlier report.");
    }

    @Test
    void rejected_files_are_listed_by_account_and_reason_with_hostile_names_escaped_and_none_said_in_one_line() {
        Map<String, ResultTable> results = results(List.of(Arrays.asList("prod", "111111111111", "1", "1", "0", "1", "1", "1")),
                List.of());
        Digest none = Digest.from(DAY, results);
        assertThat(visibleText(DigestHtml.render(none, List.of()))).contains("No report was rejected.");
        assertThat(DigestText.render(none)).contains("No report was rejected.\r\n");
        assertThat(SlackMessage.render(none)).contains("No report was rejected.");

        results.put("rejected_reports", new ResultTable(results.get("rejected_reports").columns(), List.of(
                Arrays.asList("<img src=x onerror=alert(1)>", "999999999999", "%3Cimg@999999999999.csv",
                        "ARN of account 111111111111 in the report of account 999999999999", "2"),
                Arrays.asList(null, null, "<!channel>.csv", "not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit "
                        + "account id>.csv", "0"))));
        Digest rejected = Digest.from(DAY, results);
        String html = DigestHtml.render(rejected, List.of());
        assertThat(visibleText(html)).contains("Rejected report files: 2 kept out of every number; select * from rejected_reports")
                .contains("<img src=x onerror=alert(1)> (999999999999): ARN of account 111111111111 in the report of account 999999999999")
                .contains("<!channel>.csv: not a report key").doesNotContain("No report was rejected.");
        assertThat(html).doesNotContain("<img").doesNotContain("<!channel>").contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;");
        assertThat(DigestText.render(rejected)).contains("Rejected report files: 2 (kept out of every number; select * from "
                + "rejected_reports)\r\n  <img src=x onerror=alert(1)> (999999999999): ARN of account 111111111111");
        assertThat(SlackMessage.render(rejected)).doesNotContain("<!channel>").doesNotContain("<img")
                .contains(":warning: *Rejected report files: 2*")
                .contains("&lt;img src=x onerror=alert(1)&gt; (999999999999): ARN of account 111111111111");
    }

    @Test
    void without_findings_the_digest_says_so_and_names_from_the_allowlist_cannot_inject() {
        Map<String, ResultTable> results = results(List.of(Arrays.asList("prod", "111111111111", "1", "1", "0", "1", "1", "1")),
                List.of());
        Digest clean = Digest.from(DAY, results);
        assertThat(visibleText(DigestHtml.render(clean, List.of()))).contains("No allowlist findings");
        assertThat(SlackMessage.render(clean)).doesNotContain("Allowlist findings");

        results.put("allowlist_findings", new ResultTable(results.get("allowlist_findings").columns(), List.of(Arrays.asList(
                "prod", "111111111111", "x`<!channel>", "violation", "both", "<script>alert(1)</script>", "r", "T-1", "2026-12-31", null))));
        Digest hostile = Digest.from(DAY, results);
        String html = DigestHtml.render(hostile, List.of());
        assertThat(html).doesNotContain("<script>").doesNotContain("<!channel>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(SlackMessage.render(hostile)).doesNotContain("<!channel>").doesNotContain("<script>")
                .contains("`x'&lt;!channel&gt;` in prod");
    }

    @Test
    void without_an_account_directory_coverage_is_unknown_and_yesterdays_reporters_stand_in() {
        Digest digest = Digest.from(DAY, results(List.of(Arrays.asList("prod", "111111111111", "1", "1", "0", "1", "1", "1"),
                Arrays.asList("old", "222222222222", null, null, null, "1", "1", "1")), List.of()));
        assertThat(digest.coverage()).isNull();
        String text = visibleText(DigestHtml.render(digest, List.of()));
        assertThat(text).contains("Coverage unknown: no account directory export covers 2026-03-15")
                .contains("No report today from 1 account that reported yesterday: old (222222222222)");
        assertThat(DigestText.render(digest)).contains("Coverage unknown: no account directory export covers 2026-03-15.");
        assertThat(SlackMessage.render(digest)).contains("*Coverage unknown*: no account directory export covers 2026-03-15.");
    }

    @Test
    void a_day_on_which_no_account_reported_lists_every_missing_account_hostile_names_escaped() {
        Map<String, ResultTable> results = results(List.of(), List.of());
        results.put("coverage", new ResultTable(results.get("coverage").columns(),
                List.of(Arrays.asList("12", "12", "0", "12", "0.0", "0", "2026-03-15"))));
        List<List<String>> missing = new java.util.ArrayList<>();
        missing.add(Arrays.asList("<!here> new", "999999999999", null, "<b>me</b>", null, null, "false", "false"));
        for (int i = 1; i < 12; i++) {
            missing.add(Arrays.asList("account-" + i, String.format("%012d", i), "Root/Prod", "team@example.com", "2026-03-10", "5",
                    "false", "false"));
        }
        results.put("missing_accounts", new ResultTable(results.get("missing_accounts").columns(), missing));
        Digest digest = Digest.from(DAY, results);

        String html = DigestHtml.render(digest, List.of());
        assertThat(visibleText(html)).contains("No credential report has arrived for 2026-03-15.")
                .contains("Accounts reporting: 12 missing").contains("0 of 12 expected accounts reported (0 %)")
                .contains("<!here> new 999999999999 \u2014 <b>me</b> never")
                .contains("account-11 000000000011 Root/Prod team@example.com 2026-03-10 (5 days ago)");
        assertThat(html).doesNotContain("<b>me</b>").doesNotContain("<!here>");
        String slack = SlackMessage.render(digest);
        assertThat(slack).contains(":warning: *Accounts reporting: 0 of 12* expected (0 %)\\n*Missing today: 12*")
                .contains("&lt;!here&gt; new (999999999999), \u2014, owner &lt;b&gt;me&lt;/b&gt;, last report never")
                .contains("\\nand 2 more").doesNotContain("<!here>");
        assertThat(DigestText.render(digest)).contains("Missing today: 12\r\n  <!here> new (999999999999), OU \u2014, owner <b>me</b>, "
                + "last report never\r\n");
    }

    @Test
    void a_day_without_any_report_says_so_instead_of_showing_zeros() {
        Digest digest = Digest.from(DAY, results(List.of(), List.of()));
        assertThat(DigestHtml.subject(digest)).isEqualTo("Stocktake: no credential reports for 2026-03-15");
        assertThat(visibleText(DigestHtml.render(digest, List.of()))).contains("No credential report has arrived for 2026-03-15.")
                .doesNotContain("console-capable IAM users now").contains("New IAM users since yesterday (0) None.");
        assertThat(SlackMessage.render(digest)).contains("No credential report has arrived for 2026-03-15.");
    }

    @Test
    void a_met_milestone_is_green_and_a_missed_one_says_how_long_ago_it_passed() {
        Digest met = Digest.from(DAY, withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "4", "1", "0", "1", "3", "5")), List.of()),
                List.of(Arrays.asList("organization", null, "2026-03-31", "1", null, "true", "2026-03-15", "1", "0", "1", "0",
                        "met", "2026-03-15"))));
        String html = DigestHtml.render(met, List.of());
        assertThat(visibleText(html)).contains("Next milestone: at most 1 console-capable IAM users by 2026-03-31 (16 days left). "
                + "Now 1, at or under the maximum: met.");
        assertThat(html).contains("<b style=\"color:" + DigestHtml.GREEN + "\">Now 1, at or under the maximum: met.</b>");
        assertThat(SlackMessage.render(met)).contains(":white_check_mark: now 1, at or under the maximum: met");

        Digest missed = Digest.from(DAY, withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "9", "8", "0", "8", "8", "8")), List.of()),
                List.of(Arrays.asList("organization", null, "2026-03-01", "5", "five", "true", "2026-03-15", "8", "3", "1", "0",
                        "missed", null))));
        assertThat(DigestText.render(missed)).contains("Next milestone: five: at most 5 console-capable IAM users by 2026-03-01 "
                + "(passed 14 days ago); now 8, 3 above the maximum: missed.\r\n");
        assertThat(SlackMessage.render(missed)).contains(":warning: now 8, 3 above the maximum: missed");
    }

    @Test
    void a_milestone_behind_without_a_recent_reduction_gives_no_projection() {
        Digest digest = Digest.from(DAY, withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "9", "8", "0", "8", "8", "8")), List.of()),
                List.of(Arrays.asList("organization", "", "2026-06-30", "2", null, "true", "2026-03-15", "8", "6", "1", "0",
                        "behind", null))));
        assertThat(visibleText(DigestHtml.render(digest, List.of())))
                .contains("Now 8, 6 above the maximum: behind; no projection: console users have not gone down lately.");
    }

    @Test
    void a_large_organization_shows_the_25_accounts_with_most_console_users_and_sums_up_the_rest() {
        List<List<String>> accounts = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String count = String.valueOf(1000 - i);
            accounts.add(Arrays.asList("account-" + i, String.format("%012d", i), count, count, "0", count, count, count));
        }
        Digest digest = Digest.from(DAY, results(accounts, List.of(Arrays.asList("2026-01-01", "600000", "2026-03-15",
                "500500", "2026-03-08", "100.0"))));
        String html = DigestHtml.render(digest, List.of());
        String text = visibleText(html);
        assertThat(text).contains("account-24 000000000024 976").doesNotContain("account-25 ")
                .contains("and 975 more accounts with " + (500500 - (1000 + 976) * 25 / 2) + " console users");
        assertThat(html.length()).as("the email stays small").isLessThan(60_000);
        assertThat(SlackMessage.render(digest).length()).isLessThan(4_000);
    }

    @Test
    void names_from_the_data_cannot_inject_html_or_slack_mentions() {
        Digest digest = Digest.from(DAY, results(
                List.of(Arrays.asList("<!channel> <script>alert(1)</script>", "111111111111", "1", "1", "1", "1", "1", "1")),
                List.of(Arrays.asList("2026-01-01", "1", "2026-03-15", "1", "2026-03-08", null))));
        String html = DigestHtml.render(digest, List.of());
        assertThat(html).doesNotContain("<script>").contains("&lt;!channel&gt; &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(SlackMessage.render(digest)).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
    }

    @Test
    void accounts_without_console_users_are_counted_in_one_line_never_listed_as_a_row_of_zeros() {
        Digest digest = Digest.from(DAY, results(List.of(
                Arrays.asList("prod", "111111111111", "5", "2", "1", "3", "4", "5"),
                Arrays.asList("quiet", "222222222222", "4", "0", "0", "0", "0", "0"),
                Arrays.asList("emptied", "333333333333", "1", "0", "0", "1", "1", "1")),
                List.of(Arrays.asList("2026-02-15", "11", "2026-03-15", "2", "2026-03-08", "0.5"))));

        String html = DigestHtml.render(digest, List.of());
        String text = DigestText.render(digest);

        assertThat(digest.accountsWithConsoleUsers()).extracting(Digest.AccountLine::accountName).containsExactly("prod");
        assertThat(visibleText(html)).contains("prod 111111111111 2")
                .contains("2 accounts have no console-capable IAM user (not listed).")
                .doesNotContain("quiet").doesNotContain("emptied");
        assertThat(text).contains("  prod (111111111111): 2\r\n  2 accounts without console users, not listed\r\n")
                .doesNotContain("quiet").doesNotContain("emptied");
    }

    @Test
    void csv_fields_are_quoted_when_needed_and_formulas_are_guarded() {
        assertThat(csvField("plain")).isEqualTo("plain");
        assertThat(csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(csvField("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(csvField("@ops")).isEqualTo("'@ops");
        assertThat(csvField("-x")).isEqualTo("'-x");
        assertThat(csvField("sandbox <&>")).as("a space or & needs no quotes").isEqualTo("sandbox <&>");
        assertThat(csvField("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(csvField(null)).isEmpty();
    }

    @Test
    void the_csv_has_a_header_and_crlf_line_ends() {
        assertThat(ConsoleUsersCsv.render(new ResultTable(List.of("account_name", "user_name"),
                List.of(Arrays.asList("prod", "alice"), Arrays.asList("a, b", null)))))
                .isEqualTo("account_name,user_name\r\nprod,alice\r\n\"a, b\",\r\n");
    }

    /** One value as the attachment writes it: the line of a one-column table, without its CRLF. */
    static String csvField(String value) {
        String csv = ConsoleUsersCsv.render(new ResultTable(List.of("v"), List.of(Arrays.asList(value))));
        assertThat(csv).startsWith("v\r\n").endsWith("\r\n");
        return csv.substring("v\r\n".length(), csv.length() - 2);
    }
}
