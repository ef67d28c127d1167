package dev.stocktake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.support.testing.HeadlessChromium;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DashboardTest {

    private static final Pattern FIGURE = Pattern.compile("data-figure=\"(\\w+)\">([^<]*)<");

    private LocalAthena athena;
    private DashboardFiles.Written written;
    private String html;

    @BeforeAll
    void render(@TempDir Path dir) throws IOException {
        Path reports = ReportFixtures.write(dir.resolve("bucket"));
        athena = LocalAthena.start(reports);
        written = DashboardFiles.write(athena, dir.resolve("out"));
        html = Files.readString(written.dashboard(), StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    private Map<String, String> figures() {
        Map<String, String> figures = new HashMap<>();
        Matcher matcher = FIGURE.matcher(html);
        while (matcher.find()) {
            figures.put(matcher.group(1), matcher.group(2));
        }
        return figures;
    }

    private List<Object> single(String sql) {
        QueryResult result = athena.execute("test", sql);
        assertThat(result.rows()).hasSize(1);
        return result.rows().getFirst();
    }

    @Nested
    class The_figures {

        @Test
        void equal_the_goal_progress_view() {
            List<Object> goal = single("select current_console_users, target_console_users, reduction_so_far, "
                    + "baseline_console_users from goal_progress");

            assertThat(figures())
                    .containsEntry("current_console_users", String.valueOf(goal.get(0)))
                    // the next organization milestone's maximum (goal_progress.target_console_users), a dash without one
                    .containsEntry("next_milestone_max", goal.get(1) == null ? "\u2014" : String.valueOf(goal.get(1)))
                    .containsEntry("reduction_so_far", String.format(java.util.Locale.ROOT, "%.1f %%",
                            ((Number) goal.get(2)).doubleValue() * 100));
            // the fixture: 8 + 3 + 2 + 1 + 1 + 1 console users on day one; on the last day 1 + 4 + 0 reported, and
            // hotel-late's and india-forged's 1 + 1 carried from earlier reports (golf-gone's is too old to carry)
            assertThat(goal.get(3)).isEqualTo(16L);
            assertThat(goal.get(0)).isEqualTo(7L);
        }

        @Test
        void say_on_how_many_accounts_the_total_rests_and_never_claim_the_goal_while_accounts_are_missing() {
            List<Object> accounts = single("select current_reported_accounts, current_carried_accounts, current_missing_accounts, "
                    + "target_reached from goal_progress");
            DashboardData.Goal goal = written.data().goal();

            // reported: alpha-prd, beta stg/1, the second alpha-prd; carried: hotel-late, india-forged (its report of the
            // day rejected); missing: delta-dev, foxtrot-new and golf-gone (last report 5 days before)
            assertThat(accounts).containsExactly(3L, 2L, 3L, false);
            assertThat(goal.accountsLine()).isEqualTo("3 reported, 2 carried from an earlier report, 3 missing");
            assertThat(goal.reached()).isFalse();
            assertThat(figures()).containsEntry("accounts_counted", "5");
            assertThat(html).contains("3 reported, 2 carried from an earlier report, 3 missing")
                    .contains("rests on incomplete coverage (3 accounts missing)")
                    .doesNotContain("(reached)").doesNotContain(">met<");
        }

        @Test
        void of_today_equal_the_daily_counts_filled_view_on_the_latest_day_carried_accounts_included() {
            List<Object> today = single("select sum(users), sum(console_users_without_mfa), sum(users_with_active_key), "
                    + "count_if(carried_forward) from daily_counts_filled where dt = (select max(dt) from daily_counts)");
            List<Object> reportedOnly = single("select sum(users) from daily_counts where dt = (select max(dt) from daily_counts)");
            // hotel-late's and india-forged's carried reports hold one user each
            assertThat(today.get(0)).isEqualTo((Long) reportedOnly.getFirst() + 2);
            assertThat(today.get(3)).isEqualTo(2L);
            // the console users tile: today's reports plus the carried accounts' users, said so
            assertThat(figures()).containsEntry("carried_console_users", "2");
            long stale = (Long) single("select count(*) from stale_credentials where dt = (select max(dt) from daily_counts)").getFirst();

            assertThat(figures())
                    .containsEntry("users", String.valueOf(today.get(0)))
                    .containsEntry("console_users_without_mfa", String.valueOf(today.get(1)))
                    .containsEntry("users_with_active_key", String.valueOf(today.get(2)))
                    .containsEntry("stale_credentials", String.valueOf(stale));
        }

        @Test
        void of_coverage_equal_the_coverage_and_missing_reports_views_on_the_latest_day() {
            List<Object> coverage = single("select coverage_percent, reported_accounts, expected_accounts, active_accounts, "
                    + "missing_accounts from coverage where dt = date '" + ReportFixtures.LAST_DAY + "'");
            long missing = (Long) single("select count(*) from missing_reports where dt = date '" + ReportFixtures.LAST_DAY + "'")
                    .getFirst();

            assertThat(figures())
                    .containsEntry("coverage_percent", String.format(java.util.Locale.ROOT, "%.1f %%", ((Number) coverage.get(0)).doubleValue()))
                    .containsEntry("missing_accounts", String.valueOf(missing));
            // the fixture: 8 active accounts, all expected (foxtrot-new joined 2 days before), 3 reported
            assertThat(coverage).containsExactly(37.5, 3L, 8L, 8L, 5L);
            assertThat(html).contains("3 of 8 expected accounts reported today (8 active). ")
                    .contains(" without a report today: 2 carried from an earlier report, 3 missing from every total (")
                    .contains("class=\"card alert\"").contains("delta-dev, golf-gone, foxtrot-new and 2 more");
        }

        @Test
        void missing_accounts_are_those_of_the_missing_reports_view_with_the_days_they_were_missing() {
            DashboardData data = written.data();

            assertThat(data.missingToday()).containsExactly(
                    new DashboardData.MissingAccount("delta-dev", "444444444444", "Root/Sandbox", "delta@example.com",
                            ReportFixtures.DAYS, null, false, false),
                    new DashboardData.MissingAccount("golf-gone", "777777777777", "Root/Sandbox", null, 5,
                            ReportFixtures.FIRST_DAY.plusDays(ReportFixtures.GOLF_LAST_REPORT), false, false),
                    new DashboardData.MissingAccount("foxtrot-new", "666666666666", "Root/Sandbox", "fox@example.com", 2, null,
                            false, false),
                    new DashboardData.MissingAccount("hotel-late", "888888888888", "Root/Sandbox", null, 2,
                            ReportFixtures.FIRST_DAY.plusDays(ReportFixtures.HOTEL_LAST_REPORT), true, false),
                    new DashboardData.MissingAccount("india-forged", "999999999999", "Root/Sandbox", null, 1,
                            ReportFixtures.LAST_DAY.minusDays(1), true, true));
            // of the 5 missing, india-forged's report was rejected; hotel-late's and india-forged's last reports are carried
            assertThat(data.coverage()).isEqualTo(new DashboardData.Coverage(ReportFixtures.LAST_DAY, 8, 8, 3, 5, 37.5, 1, 2));
            assertThat(html).contains("delta-dev, golf-gone, foxtrot-new and 2 more");
            QueryResult perDay = athena.execute("test", "select count(*), count(distinct dt) from missing_reports");
            // delta-dev every day, foxtrot-new 2 days, golf-gone 5, hotel-late 2, india-forged 1
            assertThat(perDay.rows().getFirst()).containsExactly((long) ReportFixtures.DAYS + 2 + 5 + 2 + 1, (long) ReportFixtures.DAYS);
            // the day foxtrot-new joined it is not yet expected: 5 of 7 expected (delta-dev and golf-gone missing, golf-gone carried)
            String joinDate = "date '" + ReportFixtures.FIRST_DAY.plusDays(12) + "'";
            List<Object> joinDay = single("select expected_accounts, reported_accounts, accounts_not_yet_expected, coverage_percent, "
                    + "(select count_if(carried_forward) from missing_reports where dt = " + joinDate + ") "
                    + "from coverage where dt = " + joinDate);
            assertThat(joinDay).containsExactly(7L, 5L, 1L, 71.43, 1L);
        }

        @Test
        void rejected_files_are_those_of_the_rejected_reports_view_with_a_count_for_today_never_their_contents() {
            QueryResult view = athena.execute("test", "select dt, account_name, account_id, reason, bad_rows from rejected_reports "
                    + "order by account_name");
            List<DashboardData.RejectedReport> shown = written.data().rejected();

            assertThat(view.rows()).containsExactly(
                    List.of(ReportFixtures.LAST_DAY, "india-forged", "999999999999", ReportFixtures.FORGED_REASON, 1L),
                    java.util.Arrays.asList(ReportFixtures.LAST_DAY, null, null, ReportFixtures.NOT_A_KEY_REASON, 0L));
            assertThat(shown).containsExactly(
                    new DashboardData.RejectedReport(ReportFixtures.LAST_DAY, "india-forged", "999999999999",
                            "india-forged@999999999999.csv", ReportFixtures.FORGED_REASON, 1),
                    new DashboardData.RejectedReport(ReportFixtures.LAST_DAY, null, null, "stray.csv", ReportFixtures.NOT_A_KEY_REASON, 0));
            assertThat(written.data().rejectedToday()).hasSize(2);
            assertThat(figures()).containsEntry("rejected_reports", "2");
            assertThat(html).contains("india-forged (999999999999): " + ReportFixtures.FORGED_REASON + "; stray.csv: not a report key")
                    .contains("Kept out of every number: select * from rejected_reports");
            // the dashboard's data holds no user of a rejected file (the forged row's user is alpha.user0)
            assertThat(written.data().dataset("rejected_reports").columns()).doesNotContain("example_bad_user", "source_file");
        }

        @Test
        void split_users_into_accepted_and_to_remove_as_the_allowlist_status_says() {
            List<Object> split = single("select count_if(allowlist_status = 'allowed'), count_if(allowlist_status <> 'allowed'), "
                    + "count_if(has_console_access and allowlist_status = 'allowed'), "
                    + "count_if(has_console_access and allowlist_status <> 'allowed') from iam_users where dt = date '"
                    + ReportFixtures.LAST_DAY + "' and not is_root and (has_console_access or active_access_keys > 0)");

            // deploy-bot and alpha.user7 are allowed; beta.kenji (violation), beta.mei (expired), beta.never and
            // beta.newcomer (not listed) are to remove
            assertThat(split).containsExactly(2L, 4L, 1L, 4L);
            assertThat(figures())
                    .containsEntry("accepted_users", "2").containsEntry("users_to_remove", "4")
                    .containsEntry("console_users_to_remove", "4").containsEntry("keys_only_to_remove", "0")
                    .containsEntry("violations", "1").containsEntry("expired", "1").containsEntry("findings", "2");
        }

        @Test
        void findings_are_the_allowlist_findings_view_with_their_owner() {
            QueryResult findings = athena.execute("test", "select user_name, allowlist_status, allowlist_owner, allowlist_expires "
                    + "from allowlist_findings where dt = date '" + ReportFixtures.LAST_DAY + "' order by allowlist_status");
            Dataset shown = written.data().dataset("allowlist_findings");

            assertThat(findings.rows()).hasSize(2);
            assertThat(shown.values("user_name")).containsExactly("beta.mei", "beta.kenji");
            assertThat(shown.values("allowlist_status")).containsExactly("expired", "violation");
            assertThat(shown.values("allowlist_owner")).containsExactly("beta-lead@example.com", "beta-lead@example.com");
            assertThat(shown.values("days_since_expiry")).containsExactly(5L, null);
        }

        @Test
        void embedded_for_the_charts_are_the_views_rows() throws IOException {
            JsonNode data = new ObjectMapper().readTree(embeddedJson());
            QueryResult counts = athena.execute("test", "select dt, account_id, console_users, carried_forward from daily_counts_filled "
                    + "order by account_id, dt");
            JsonNode dailyCounts = dataset(data, "daily_counts");

            assertThat(dailyCounts.path("rows")).hasSize(counts.rows().size());
            int dt = index(dailyCounts, "dt");
            int account = index(dailyCounts, "account_id");
            int console = index(dailyCounts, "console_users");
            int carried = index(dailyCounts, "carried_forward");
            for (int i = 0; i < counts.rows().size(); i++) {
                JsonNode row = dailyCounts.path("rows").get(i);
                assertThat(row.get(dt).asText()).isEqualTo(counts.rows().get(i).get(0).toString());
                assertThat(row.get(account).asText()).isEqualTo(counts.rows().get(i).get(1));
                assertThat(row.get(console).asLong()).isEqualTo(counts.rows().get(i).get(2));
                assertThat(row.get(carried).asBoolean()).isEqualTo(counts.rows().get(i).get(3));
            }
            assertThat(dataset(data, "console_users").path("rows")).hasSize(5);
            assertThat(data.path("latestDay").asText()).isEqualTo(ReportFixtures.LAST_DAY.toString());
        }
    }

    @Nested
    class The_output_folder {

        @Test
        void holds_the_data_as_csv_with_the_sql_that_produced_it() throws IOException {
            List<String> consoleUsers = Files.readAllLines(written.dataFolder().resolve("console_users.csv"));

            assertThat(consoleUsers.getFirst()).startsWith("dt,account_id,account_name,user_name,");
            assertThat(consoleUsers).hasSize(1 + 5).anyMatch(line -> line.contains("beta stg/1") && line.contains("beta.newcomer"));
            assertThat(Files.readString(written.dataFolder().resolve("goal_progress.sql"))).contains("from goal_progress");
        }

        @Test
        void dashboard_is_one_file_that_loads_nothing_from_elsewhere() {
            assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("@import").doesNotContain("url(");
        }
    }

    @Nested
    class In_a_browser {

        @Test
        void renders_without_errors_with_charts_that_have_data_and_a_table_that_filters_and_sorts() throws Exception {
            try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
                browser.open(written.dashboard(), "document.readyState === 'complete' && document.body.dataset.rendered === 'true'");

                assertThat(browser.consoleErrors).isEmpty();
                assertThat(browser.requestedUrls).allMatch(url -> url.startsWith("file:") || url.startsWith("data:"));
                // the total trend: one point per report day, ending at today's figure, with the goal line
                JsonNode total = browser.evaluate("(() => { const p = document.querySelector('#trend-total path.series:not(.secondary)');"
                        + " const g = document.querySelector('#trend-total line.goal');"
                        + " return {points: +p.dataset.points, last: +p.dataset.last, goal: g ? +g.dataset.goal : null}; })()");
                long target = (Long) single("select target_console_users from goal_progress").getFirst();
                assertThat(total.path("points").asInt()).isEqualTo(ReportFixtures.DAYS);
                assertThat(total.path("last").asLong()).isEqualTo(7);
                assertThat(browser.evaluate("document.getElementById('trend-carried').textContent").asText())
                        .isEqualTo("Today: 3 accounts reported, 2 carried from an earlier report, 3 missing.");
                assertThat(total.path("goal").asLong()).isEqualTo(target);
                // the per-account chart follows the account chosen
                JsonNode perAccount = browser.evaluate("(() => { const s = document.getElementById('account-select');"
                        + " s.value = '222222222222'; s.dispatchEvent(new Event('change'));"
                        + " const p = document.querySelector('#trend-account path.series');"
                        + " return {points: +p.dataset.points, last: +p.dataset.last, options: s.options.length}; })()");
                assertThat(perAccount.path("options").asInt()).isEqualTo(6);
                assertThat(perAccount.path("points").asInt()).isEqualTo(ReportFixtures.DAYS);
                assertThat(perAccount.path("last").asLong()).isEqualTo(4);
                // filtering the console users table
                String shown = "(() => { const f = document.getElementById('console-filter'); f.value = %s;"
                        + " f.dispatchEvent(new Event('input'));"
                        + " return [...document.querySelectorAll('#console-users tbody tr')].filter(r => !r.hidden).map(r => r.cells[2].textContent); })()";
                assertThat(browser.evaluate(String.format(shown, "'beta'"))).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("beta.kenji", "beta.mei", "beta.never", "beta.newcomer");
                assertThat(browser.evaluate(String.format(shown, "'beta no information'"))).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("beta.never", "beta.newcomer");
                assertThat(browser.evaluate(String.format(shown, "'nobody-has-this-name'"))).isEmpty();
                assertThat(browser.evaluate(String.format(shown, "''"))).hasSize(5);
                assertThat(browser.evaluate("document.getElementById('console-count').textContent").asText()).isEqualTo("showing 5 of 5");
                // accepted vs to remove: the status column and its filter
                String byStatus = "(() => { const s = document.getElementById('console-status'); s.value = %s;"
                        + " s.dispatchEvent(new Event('change'));"
                        + " return [...document.querySelectorAll('#console-users tbody tr')].filter(r => !r.hidden).map(r => r.cells[2].textContent + ':' + r.cells[3].textContent); })()";
                assertThat(browser.evaluate(String.format(byStatus, "'accepted'"))).extracting(JsonNode::asText)
                        .containsExactly("alpha.user7:accepted");
                assertThat(browser.evaluate(String.format(byStatus, "'remove'"))).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("beta.kenji:violation", "beta.mei:expired", "beta.never:to remove",
                                "beta.newcomer:to remove");
                assertThat(browser.evaluate(String.format(byStatus, "''"))).hasSize(5);
                JsonNode findings = browser.evaluate("[...document.querySelectorAll('#findings tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))");
                assertThat(findings).extracting(JsonNode::asText).containsExactly(
                        "beta stg/1|222222222222|beta.mei|expired|console|beta-lead@example.com|Break-glass|SEC-2|2026-03-10|5",
                        "beta stg/1|222222222222|beta.kenji|violation|console|beta-lead@example.com|Reporting scripts|OPS-3|2027-01-01|not expired");
                // sorting by days since last activity, descending on the second click
                JsonNode sorted = browser.evaluate("(() => { const th = document.querySelector('#console-users th[data-key=days_since_last_activity]');"
                        + " th.click(); th.click();"
                        + " return [...document.querySelectorAll('#console-users tbody tr')].map(r => +r.cells[7].textContent.replace(/,/g, '')); })()");
                List<Long> days = new java.util.ArrayList<>();
                sorted.forEach(node -> days.add(node.asLong()));
                assertThat(days).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());
                // coverage over time: one point per report day, ending at today's percent; the missing accounts table
                JsonNode coverage = browser.evaluate("(() => { const p = document.querySelector('#coverage path.series');"
                        + " return {points: +p.dataset.points, last: +p.dataset.last,"
                        + " missing: [...document.querySelectorAll('#missing tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))}; })()");
                assertThat(coverage.path("points").asInt()).isEqualTo(ReportFixtures.DAYS);
                assertThat(coverage.path("last").asDouble()).isEqualTo(37.5);
                assertThat(coverage.path("missing")).extracting(JsonNode::asText).containsExactly(
                        "delta-dev|444444444444|Root/Sandbox|delta@example.com|missing|15|never",
                        "golf-gone|777777777777|Root/Sandbox|no owner found|missing|5|2026-03-10",
                        "foxtrot-new|666666666666|Root/Sandbox|fox@example.com|missing|2|never",
                        "hotel-late|888888888888|Root/Sandbox|no owner found|carried|2|2026-03-13",
                        "india-forged|999999999999|Root/Sandbox|no owner found|rejected, carried|1|2026-03-14");
                // the rejected files, and where today's figures of carried accounts come from
                JsonNode rejected = browser.evaluate("[...document.querySelectorAll('#rejected tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))");
                assertThat(rejected).extracting(JsonNode::asText).containsExactly(
                        "2026-03-15|india-forged|999999999999|india-forged@999999999999.csv|" + ReportFixtures.FORGED_REASON + "|1",
                        "2026-03-15|not a report key|not a report key|stray.csv|" + ReportFixtures.NOT_A_KEY_REASON + "|0");
                JsonNode from = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#accounts-today tbody tr')]"
                        + ".map(r => [r.cells[0].textContent, r.cells[3].textContent]))");
                assertThat(from.path("hotel-late").asText()).isEqualTo("carried from 2026-03-13");
                assertThat(from.path("india-forged").asText()).isEqualTo("carried from 2026-03-14");
                assertThat(from.path("beta stg/1").asText()).isEqualTo("today's report");
                assertThat(from.path("golf-gone").asText()).isEqualTo("no report (missing)");
                // a long OU path in a side-by-side section scrolls inside its table: the page never gets wider than the window
                JsonNode fits = browser.evaluate("(() => { const td = document.querySelector('#missing tbody tr td:nth-child(3)');"
                        + " td.textContent = 'Root/' + 'AVeryLongOrganizationalUnitName/'.repeat(12); td.style.whiteSpace = 'nowrap';"
                        + " return {page: document.documentElement.scrollWidth, window: window.innerWidth,"
                        + " table: document.querySelector('#missing table').scrollWidth}; })()");
                assertThat(fits.path("table").asInt()).as("the long cell makes the table wide").isGreaterThan(fits.path("window").asInt() / 2);
                assertThat(fits.path("page").asInt()).as("page width").isLessThanOrEqualTo(fits.path("window").asInt());
                assertThat(browser.consoleErrors).isEmpty();
                browser.screenshot(Path.of("target", "dashboard-test.png"));
            }
        }
    }

    @Nested
    class At_every_width {

        /** A phone (390 px), a laptop (1,280 px) and a wide screen (1,920 px). */
        @ParameterizedTest(name = "{0} px")
        @ValueSource(ints = {390, 1280, 1920})
        void the_page_never_scrolls_sideways_and_every_tile_equals_its_table_and_the_views(int width) throws Exception {
            String day = "date '" + ReportFixtures.LAST_DAY + "'";
            // the data set: the views, asked here independently of the dashboard's statements
            long consoleUsers = (Long) single("select current_console_users from goal_progress").getFirst();
            long active = (Long) single("select active_accounts from coverage where dt = " + day).getFirst();
            List<Object> toRemove = single("select count_if(coalesce(has_console_access, false) or active_access_keys > 0), "
                    + "count_if(has_console_access), count(*) from migration_status where dt = " + day + " and verdict <> 'allowlisted'");
            long allowlistToRemove = (Long) single("select count(*) from iam_users where dt = " + day + " and not is_root and "
                    + "(coalesce(has_console_access, false) or active_access_keys > 0) and allowlist_status <> 'allowed'").getFirst();
            List<Object> coverage = single("select coverage_percent, missing_accounts from coverage where dt = " + day);
            long findings = (Long) single("select count(*) from allowlist_findings where dt = " + day).getFirst();
            long rejected = (Long) single("select count(*) from rejected_reports where dt = " + day).getFirst();
            List<Object> remediation = single("select count_if(remediation_state = 'quarantined'), count_if(remediation_state = "
                    + "'removed'), count_if(remediation_state in ('partially_quarantined', 'removal_started')), "
                    + "count_if(remediation_state = 'quarantine_undone') from remediation_status where dt = " + day);

            try (HeadlessChromium browser = HeadlessChromium.start(width, 900)) {
                browser.open(written.dashboard(), "document.readyState === 'complete' && document.body.dataset.rendered === 'true'");
                HeadlessChromium.PageWidth page = browser.pageWidth(300);
                JsonNode dom = browser.evaluate("""
                        (() => {
                          const figures = Object.fromEntries([...document.querySelectorAll('[data-figure]')]
                            .map(e => [e.dataset.figure, e.textContent]));
                          const rows = id => [...document.querySelectorAll('#' + id + ' tbody tr')].filter(r => r._row);
                          const shown = id => rows(id).filter(r => !r.hidden);
                          const scope = document.getElementById('remove-scope');
                          const holdsCol = [...document.querySelectorAll('#to-remove th')].findIndex(th => th.dataset.key === 'holds_credential');
                          const toRemove = shown('to-remove').length;
                          const toRemoveConsole = shown('to-remove').filter(r => r.cells[holdsCol].textContent.includes('console password')).length;
                          scope.value = 'all'; scope.dispatchEvent(new Event('change'));
                          const notAllowlisted = shown('to-remove').length;
                          scope.value = 'credential'; scope.dispatchEvent(new Event('change'));
                          const latest = JSON.parse(document.getElementById('stocktake-data').textContent).latestDay;
                          const last = sel => { const p = document.querySelector(sel); return p ? +p.dataset.last : null; };
                          const tiles = [...document.querySelectorAll('a.card')];
                          const remediated = state => rows('remediation').filter(r => state.includes(r._row.remediation_state)).length;
                          scope.value = 'all'; scope.dispatchEvent(new Event('change'));
                          const toRemoveQuarantined = shown('to-remove').filter(r => r._row.remediation_state === 'quarantined').length;
                          scope.value = 'credential'; scope.dispatchEvent(new Event('change'));
                          return {
                            figures, toRemove, toRemoveConsole, notAllowlisted, toRemoveQuarantined,
                            quarantinedRows: remediated(['quarantined']), removedRows: remediated(['removed']),
                            unfinishedRows: remediated(['partially_quarantined', 'removal_started']),
                            undoneRows: remediated(['quarantine_undone']),
                            consoleRows: rows('console-users').length,
                            missingToday: rows('missing').filter(r => r.cells[4].textContent !== 'reported').length,
                            findings: rows('findings').length,
                            rejectedToday: rows('rejected').filter(r => r.cells[0].textContent === latest).length,
                            totalLast: last('#trend-total path.series:not(.secondary)'),
                            coverageLast: last('#coverage path.series'),
                            title: document.querySelector('h1').textContent,
                            generated: document.querySelector('[data-generated]').textContent,
                            tiles: tiles.map(a => a.dataset.tile),
                            tileTargets: tiles.filter(a => document.querySelector(a.getAttribute('href')) !== null).length,
                            widestBox: Math.max(...[...document.querySelectorAll('main > *, .scroll, .card, svg.chart')].map(e => e.getBoundingClientRect().right)),
                            ticks: [...document.querySelectorAll('svg.chart [data-tick]')].map(t => t.textContent),
                            axisTitles: document.querySelectorAll('svg.chart .axis-title').length,
                            charts: document.querySelectorAll('svg.chart').length,
                            coverageAxis: document.querySelector('#coverage svg.chart').dataset.axis
                          };
                        })()""");
                Map<String, String> figures = new HashMap<>();
                dom.path("figures").fields().forEachRemaining(e -> figures.put(e.getKey(), e.getValue().asText()));
                long carried = Long.parseLong(figures.getOrDefault("carried_console_users", "0"));

                assertThat(page.overflows()).as("page %s px wide in a %s px window", page.scrollWidth(), page.window()).isFalse();
                assertThat(dom.path("widestBox").asDouble()).as("no card, table box or chart wider than the window")
                        .isLessThanOrEqualTo(width);
                assertThat(browser.consoleErrors).isEmpty();
                // one set of tiles, each linking to the table its number is counted from
                assertThat(dom.path("tiles")).extracting(JsonNode::asText).containsExactly("current_console_users", "users_to_remove",
                        "quarantined", "coverage_percent", "findings", "rejected_reports");
                assertThat(dom.path("tileTargets").asInt()).isEqualTo(6);
                // quarantined / removed by Stocktake: the remediation table's rows by state, the view, and the quarantined
                // users of the to-remove table (every IAM user not allowlisted); the fixtures have one of each
                assertThat(Long.parseLong(figures.get("quarantined"))).isEqualTo(dom.path("quarantinedRows").asLong())
                        .isEqualTo(dom.path("toRemoveQuarantined").asLong()).isEqualTo(remediation.get(0)).isEqualTo(1L);
                assertThat(Long.parseLong(figures.get("removed_by_stocktake"))).isEqualTo(dom.path("removedRows").asLong())
                        .isEqualTo(remediation.get(1)).isEqualTo(1L);
                assertThat(Long.parseLong(figures.get("partially_quarantined"))).isEqualTo(dom.path("unfinishedRows").asLong())
                        .isEqualTo(remediation.get(2)).isEqualTo(1L);
                assertThat(Long.parseLong(figures.get("quarantines_undone"))).isEqualTo(dom.path("undoneRows").asLong())
                        .isEqualTo(remediation.get(3));
                // console users now: the table's rows plus the carried accounts' users; the trend's last point; the view
                assertThat(Long.parseLong(figures.get("current_console_users")))
                        .isEqualTo(dom.path("consoleRows").asLong() + carried)
                        .isEqualTo(dom.path("totalLast").asLong())
                        .isEqualTo(consoleUsers);
                // to remove: the table's rows holding a credential; the same users the allowlist calls to remove
                assertThat(Long.parseLong(figures.get("users_to_remove"))).isEqualTo(dom.path("toRemove").asLong())
                        .isEqualTo(toRemove.get(0)).isEqualTo(allowlistToRemove);
                assertThat(Long.parseLong(figures.get("console_users_to_remove"))).isEqualTo(dom.path("toRemoveConsole").asLong())
                        .isEqualTo(toRemove.get(1));
                assertThat(Long.parseLong(figures.get("users_to_remove")) + Long.parseLong(figures.get("without_credential")))
                        .isEqualTo(dom.path("notAllowlisted").asLong()).isEqualTo(toRemove.get(2));
                // coverage: the chart's last point and the missing accounts' table
                assertThat(figures.get("coverage_percent")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%",
                        dom.path("coverageLast").asDouble())).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%",
                        ((Number) coverage.get(0)).doubleValue()));
                assertThat(Long.parseLong(figures.get("missing_accounts"))).isEqualTo(dom.path("missingToday").asLong())
                        .isEqualTo(coverage.get(1));
                assertThat(Long.parseLong(figures.get("findings"))).isEqualTo(dom.path("findings").asLong()).isEqualTo(findings);
                assertThat(Long.parseLong(figures.get("rejected_reports"))).isEqualTo(dom.path("rejectedToday").asLong())
                        .isEqualTo(rejected);
                // the title counts the directory's active accounts, not those that reported
                assertThat(dom.path("title").asText()).isEqualTo("Stocktake \u2014 IAM users in " + active + " active AWS accounts");
                assertThat(dom.path("generated").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
                // charts: both axes titled, every date with its year; coverage's axis spans its data, not 0 to 100
                assertThat(dom.path("axisTitles").asInt()).isEqualTo(2 * dom.path("charts").asInt());
                assertThat(dom.path("ticks")).isNotEmpty().extracting(JsonNode::asText).allMatch(t -> t.matches("\\d{4}-\\d{2}-\\d{2}"));
                assertThat(dom.path("coverageAxis").asText()).isNotEqualTo("0..100");
                if (System.getProperty("stocktake.screenshots") != null) {
                    browser.screenshot(Path.of(System.getProperty("stocktake.screenshots"), "dashboard-test-" + width + ".png"));
                }
            }
        }
    }

    @Nested
    class The_migration {

        static final String MARKUP_OWNER = "<img src=x onerror=alert(3)>";
        static final String TEMPLATE_ACCOUNT = "{{DATA}}";

        static List<Object> row(Object... values) {
            return java.util.Arrays.asList(values);
        }

        /**
         * The fixture's data with the migration results replaced by hand-built rows (the views' columns): the
         * organization's milestones under 10 (next, behind) and zero, an OU's milestone, three blocker rows (one account
         * named like a template placeholder, one owner named like markup), the verdict counts and an owner's to-do.
         */
        DashboardData migration(boolean withMilestones) {
            Map<String, List<List<Object>>> rows = new HashMap<>();
            rows.put("milestone_progress", !withMilestones ? List.of() : List.of(
                    row("organization", null, "2026-04-30", 4L, "under 5", true, "2026-03-15", 7L, 3L, 8L, 3L, "behind", "2026-05-02"),
                    row("organization", null, "2026-09-30", 0L, "zero", false, "2026-03-15", 7L, 7L, 8L, 3L, "behind", null),
                    row("ou", "ou-ab12-11111111", "2026-03-31", 1L, null, true, "2026-03-15", 3L, 2L, 2L, 0L, "on_track", "2026-03-20")));
            rows.put("milestone_blockers", !withMilestones ? List.of() : List.of(
                    row("organization", null, "2026-04-30", 4L, "222222222222", "beta", "team-b", 4L, 0.5714, 1L),
                    row("organization", null, "2026-04-30", 4L, "111111111111", TEMPLATE_ACCOUNT, MARKUP_OWNER, 2L, 0.2857, 2L),
                    row("organization", null, "2026-04-30", 4L, "111111111111", TEMPLATE_ACCOUNT, null, 1L, 0.1429, 3L)));
            rows.put("milestone_blocker_owners", !withMilestones ? List.of() : List.of(
                    row("organization", null, "team-b", 4L, 1L, 0.5714),
                    row("organization", null, MARKUP_OWNER, 2L, 1L, 0.2857),
                    row("organization", null, null, 1L, 1L, 0.1429)));
            rows.put("migration_verdicts", List.of(row("identity_center_unknown", 6L, 5L), row("machine_user", 1L, 0L),
                    row("allowlisted", 1L, 1L)));
            rows.put("owner_todo", List.of(
                    row(MARKUP_OWNER, "111111111111", TEMPLATE_ACCOUNT, "identity_center_unknown", 2L, 2L, "a, b", "wait for the export"),
                    row("team-b", "222222222222", "beta", "identity_center_unknown", 4L, 3L, "c, d, e, f", "wait for the export"),
                    row("team-b", "222222222222", "beta", "machine_user", 1L, 0L, "ci-bot", "move to a role")));
            List<Dataset> datasets = written.data().datasets().stream().map(dataset -> !rows.containsKey(dataset.name()) ? dataset
                    : new Dataset(dataset.name(), dataset.question(), dataset.sql(), dataset.columns(), rows.get(dataset.name()))).toList();
            return new DashboardData(written.data().firstDay(), written.data().latestDay(), datasets);
        }

        /** The text of the element with {@code id}: tags dropped, white space collapsed, entities decoded. */
        static String text(String page, String id) {
            Matcher section = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL).matcher(page);
            assertThat(section.find()).as(id).isTrue();
            return section.group(1).replaceAll("<[^>]+>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&#61;", "=")
                    .replace("&quot;", "\"").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
        }

        @Test
        void the_milestones_section_names_the_next_and_final_milestone_and_who_holds_it_back(@TempDir Path dir) throws IOException {
            String page = DashboardPage.render(migration(true), ReportFixtures.GENERATED);

            assertThat(text(page, "milestones")).endsWith("Next milestone: under 5: at most 4 console-capable IAM users by 2026-04-30 "
                    + "(46 days left). Now 7, 3 above the maximum: behind; projected for 2026-05-02 at the recent pace; rests on "
                    + "incomplete coverage (3 accounts missing). "
                    + "Final milestone: zero: at most 0 console-capable IAM users by 2026-09-30 (199 days left). "
                    + "Next milestone of OU ou-ab12-11111111: at most 1 console-capable IAM users by 2026-03-31 (16 days left); now 3, "
                    + "2 above the maximum: on track; projected for 2026-03-20 at the recent pace. "
                    + "Held back by Owner Console users Accounts Share team-b 4 1 57 % " + MARKUP_OWNER + " 2 1 29 % (no owner) 1 1 14 % "
                    + "Account Account ID Owner Console users Share beta 222222222222 team-b 4 57 % " + TEMPLATE_ACCOUNT + " 111111111111 "
                    + MARKUP_OWNER + " 2 29 % " + TEMPLATE_ACCOUNT + " 111111111111 (no owner) 1 14 %");
            assertThat(text(page, "verdicts")).isEqualTo("IAM users by verdict today (8) Every IAM user of today's reports, by what to "
                    + "do with it (view migration_status ; docs/migration.md explains each verdict). Verdict IAM users with console access "
                    + "ready to remove 0 0 needs assignment 0 0 no identity 0 0 machine user 1 0 still in use 0 0 allowlisted 1 1 "
                    + "Identity Center unknown 6 5");
            Map<String, String> figures = figures(page);
            assertThat(figures).containsEntry("next_milestone_max", "4");
            assertThat(page).contains("under 5: at most 4 console-capable IAM users by 2026-04-30</b> (46 days left). "
                    + "<span class=\"status behind\">Now 7, 3 above the maximum: behind")
                    // the tile: one status, the milestone's
                    .contains("Next milestone \u201cunder 5\u201d: at most <b data-figure=\"next_milestone_max\">4</b> by 2026-04-30 "
                            + "(46 days left); 3 above the maximum: behind; projected for 2026-05-02 at the recent pace");
        }

        @Test
        void without_milestones_it_says_no_milestone_configured_and_shows_no_target() {
            String page = DashboardPage.render(migration(false), ReportFixtures.GENERATED);

            assertThat(text(page, "milestones")).endsWith("No milestone configured. Milestones are set in the deployment config "
                    + "( migration.milestones ).");
            assertThat(figures(page)).containsEntry("next_milestone_max", "\u2014");
            assertThat(page).contains("no milestone configured (migration.milestones in the deployment config)")
                    .doesNotContain("console-capable IAM users by 2026").doesNotContain("Held back by");
        }

        @Test
        void names_are_text_filled_in_one_pass_and_the_to_do_table_filters_by_owner_and_verdict(@TempDir Path dir) throws Exception {
            DashboardFiles.Written page = DashboardFiles.write(migration(true), dir);
            String source = Files.readString(page.dashboard(), StandardCharsets.UTF_8);
            assertThat(source).doesNotContain("<img").contains("&lt;img src&#61;x onerror&#61;alert(3)&gt;");
            // the account named {{DATA}} stays as written in both blocker rows (the page is filled in one pass)
            assertThat(text(source, "milestones")).contains(TEMPLATE_ACCOUNT + " 111111111111 " + MARKUP_OWNER + " 2 29 %");
            // twice in the page's HTML (the blocker rows), three times in the embedded data (blockers, to-do), never filled
            String withoutData = source.replaceAll("(?s)<script id=\"stocktake-data\".*?</script>", "");
            assertThat(withoutData.split("\\{\\{DATA}}", -1)).hasSize(3);
            assertThat(source.split("\\{\\{DATA}}", -1)).hasSize(6);

            try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
                browser.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                        "window.alerts = 0; window.alert = () => { window.alerts++; };"));
                browser.open(page.dashboard(), "document.readyState === 'complete' && document.body.dataset.rendered === 'true'");
                String rows = "[...document.querySelectorAll('#owner-todo tbody tr')].filter(r => !r.hidden)"
                        + ".map(r => [...r.cells].slice(0, 5).map(c => c.textContent).join('|'))";
                assertThat(browser.evaluate(rows)).extracting(JsonNode::asText).containsExactly(
                        MARKUP_OWNER + "|" + TEMPLATE_ACCOUNT + "|111111111111|Identity Center unknown|2",
                        "team-b|beta|222222222222|Identity Center unknown|4", "team-b|beta|222222222222|machine user|1");
                browser.evaluate("(() => { const s = document.getElementById('todo-owner'); s.value = 'team-b';"
                        + " s.dispatchEvent(new Event('change')); return true; })()");
                assertThat(browser.evaluate(rows)).extracting(JsonNode::asText).containsExactly(
                        "team-b|beta|222222222222|Identity Center unknown|4", "team-b|beta|222222222222|machine user|1");
                browser.evaluate("(() => { const s = document.getElementById('todo-verdict'); s.value = 'machine_user';"
                        + " s.dispatchEvent(new Event('change')); return true; })()");
                assertThat(browser.evaluate(rows)).extracting(JsonNode::asText).containsExactly("team-b|beta|222222222222|machine user|1");
                assertThat(browser.evaluate("document.getElementById('todo-count').textContent").asText()).isEqualTo("showing 1 of 3");
                assertThat(browser.evaluate("[...document.getElementById('todo-owner').options].map(o => o.textContent)"))
                        .extracting(JsonNode::asText).containsExactly("every owner", MARKUP_OWNER, "team-b");
                assertThat(browser.evaluate("document.querySelectorAll('img').length").asInt()).isZero();
                assertThat(browser.evaluate("window.alerts").asInt()).isZero();
                assertThat(browser.consoleErrors).isEmpty();
            }
        }

        private Map<String, String> figures(String page) {
            Map<String, String> figures = new HashMap<>();
            Matcher matcher = FIGURE.matcher(page);
            while (matcher.find()) {
                figures.put(matcher.group(1), matcher.group(2));
            }
            return figures;
        }
    }

    @Nested
    class With_hostile_names {

        private static final String TEMPLATE_NAME = "{{DATA}}";
        private static final String MARKUP_NAME = "<img src=x onerror=alert(1)>";
        private static final String SCRIPT_END_NAME = "</script><!--<script>window.ran = 1</script>";
        private static final String REJECTED_NAME = "<img src=x onerror=alert(2)>";

        /** The fixture's data with an account named like a template placeholder and users named like markup. */
        private DashboardData hostile() {
            // and a rejected file's account named like markup, with a reason that tries to end the script element
            Map<Object, Object> renamed = Map.of("delta-dev", TEMPLATE_NAME, "beta.kenji", MARKUP_NAME, "beta.mei", SCRIPT_END_NAME,
                    "india-forged", REJECTED_NAME, ReportFixtures.FORGED_REASON, SCRIPT_END_NAME);
            List<Dataset> datasets = written.data().datasets().stream().map(dataset -> new Dataset(dataset.name(),
                    dataset.question(), dataset.sql(), dataset.columns(), dataset.rows().stream()
                    .map(row -> row.stream().map(value -> value == null ? null : renamed.getOrDefault(value, value)).toList())
                    .toList())).toList();
            return new DashboardData(written.data().firstDay(), written.data().latestDay(), datasets);
        }

        @Test
        void show_as_text_and_run_no_script(@TempDir Path dir) throws Exception {
            DashboardFiles.Written page = DashboardFiles.write(hostile(), dir);
            String source = Files.readString(page.dashboard(), StandardCharsets.UTF_8);
            Matcher data = Pattern.compile("<script id=\"stocktake-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                    .matcher(source);
            assertThat(data.find()).isTrue();
            assertThat(data.group(1)).doesNotContain("<", ">", "&");
            assertThat(new ObjectMapper().readTree(data.group(1)).toString()).contains(TEMPLATE_NAME, MARKUP_NAME, SCRIPT_END_NAME,
                    REJECTED_NAME);

            try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
                // any alert() the page makes is counted instead of opening a dialog
                browser.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                        "window.alerts = 0; window.alert = () => { window.alerts++; };"));
                browser.open(page.dashboard(), "document.readyState === 'complete' && document.body.dataset.rendered === 'true'");

                JsonNode shown = browser.evaluate("(() => ({"
                        + " missingCard: document.querySelector('[data-figure=missing_accounts]').closest('.card').querySelector('.note').textContent,"
                        + " missingRows: [...document.querySelectorAll('#missing tbody tr')].map(r => r.cells[0].textContent),"
                        + " users: [...document.querySelectorAll('#console-users tbody tr')].map(r => r.cells[2].textContent),"
                        + " rejectedCard: document.querySelector('[data-figure=rejected_reports]').parentElement.querySelector('.note').textContent,"
                        + " rejectedRows: [...document.querySelectorAll('#rejected tbody tr')].map(r => r.cells[1].textContent + '|' + r.cells[4].textContent),"
                        + " images: document.querySelectorAll('img').length, scripts: document.scripts.length,"
                        + " alerts: window.alerts, ran: window.ran === undefined ? null : window.ran }))()");
                assertThat(shown.path("missingCard").asText()).endsWith("(" + TEMPLATE_NAME + ", golf-gone, foxtrot-new and 2 more).");
                assertThat(shown.path("missingRows")).extracting(JsonNode::asText)
                        .containsExactly(TEMPLATE_NAME, "golf-gone", "foxtrot-new", "hotel-late", REJECTED_NAME);
                assertThat(shown.path("rejectedCard").asText()).startsWith(REJECTED_NAME + " (999999999999): " + SCRIPT_END_NAME + "; ");
                assertThat(shown.path("rejectedRows")).extracting(JsonNode::asText)
                        .contains(REJECTED_NAME + "|" + SCRIPT_END_NAME);
                assertThat(shown.path("users")).extracting(JsonNode::asText).contains(MARKUP_NAME, SCRIPT_END_NAME);
                assertThat(shown.path("images").asInt()).isZero();
                assertThat(shown.path("scripts").asInt()).isEqualTo(2);
                assertThat(shown.path("alerts").asInt()).isZero();
                assertThat(shown.path("ran").isNull()).isTrue();
                assertThat(browser.consoleErrors).isEmpty();
                assertThat(browser.requestedUrls).allMatch(url -> url.startsWith("file:") || url.startsWith("data:"))
                        .noneMatch(url -> url.endsWith("/x"));
            }
        }
    }

    private String embeddedJson() {
        Matcher matcher = Pattern.compile("<script id=\"stocktake-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static JsonNode dataset(JsonNode data, String name) {
        for (JsonNode dataset : data.path("datasets")) {
            if (dataset.path("name").asText().equals(name)) {
                return dataset;
            }
        }
        throw new AssertionError("no dataset " + name);
    }

    private static int index(JsonNode dataset, String column) {
        int i = 0;
        for (JsonNode name : dataset.path("columns")) {
            if (name.asText().equals(column)) {
                return i;
            }
            i++;
        }
        throw new AssertionError("no column " + column);
    }
}
