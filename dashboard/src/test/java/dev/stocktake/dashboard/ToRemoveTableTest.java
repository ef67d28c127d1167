package dev.stocktake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;


import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.support.testing.HeadlessChromium;

/**
 * The "To remove" table: one row per IAM user of the latest day from {@code migration_status} (every verdict but
 * allowlisted), exact on the report fixtures on the embedded Trino; in headless Chromium, with hand-built rows (names
 * that are markup, formulas, commas and quotes), the filters by owner and verdict and the CSV the Export button saves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ToRemoveTableTest {

    static final String MARKUP = "<img src=x onerror=alert(4)>";
    static final String WAIT = "wait for an Identity Center export: none on or before this day";

    private LocalAthena athena;
    private DashboardFiles.Written written;

    @BeforeAll
    void render(@TempDir Path dir) throws IOException {
        athena = LocalAthena.start(ReportFixtures.write(dir.resolve("bucket")));
        written = DashboardFiles.write(athena, dir.resolve("out"));
    }

    @AfterAll
    void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void one_row_per_iam_user_of_the_latest_day_but_the_allowlisted() {
        Dataset toRemove = written.data().dataset("to_remove");

        assertThat(toRemove.columns()).containsExactly("verdict", "owner", "owner_source", "account_name", "account_id", "user_name",
                "holds_credential", "has_console_access", "active_access_keys", "last_used", "idle_days", "action",
                "remediation_state", "remediation");
        // quarantined after the last report (beta.mei) and an apply that did not finish (beta.never): the state beside them
        assertThat(toRemove.rows()).filteredOn(r -> r.get(12) != null).extracting(r -> r.get(5) + " | " + r.get(12) + " | " + r.get(13))
                .containsExactly("beta.never | partially_quarantined | partially quarantined since 2026-03-15 (apply did not finish: run it again)",
                        "beta.mei | quarantined | quarantined since 2026-03-15 (30 days to go)");
        assertThat(toRemove.rows()).extracting(r -> String.join(" | ", r.subList(0, 12).stream().map(String::valueOf).toList()))
                .containsExactly(
                        "identity_center_unknown | (no owner) | none | beta stg/1 | 222222222222 | beta.never | true | true | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | (no owner) | none | beta stg/1 | 222222222222 | beta.newcomer | true | true | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user0 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user1 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user2 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user3 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user4 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user5 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | alpha-team@example.com | account_tag | alpha-prd | 111111111111 | alpha.user6 | false | false | 0 | null | 287 | " + WAIT,
                        "identity_center_unknown | beta-lead@example.com | allowlist | beta stg/1 | 222222222222 | beta.kenji | true | true | 0 | 2026-03-15 | 0 | " + WAIT,
                        "identity_center_unknown | beta-lead@example.com | allowlist | beta stg/1 | 222222222222 | beta.mei | true | true | 0 | 2025-11-15 | 120 | " + WAIT);
        // the allowlisted (alpha.user7's console, deploy-bot's key) are in migration_status, not in the table
        assertThat(athena.execute("test", "select user_name from migration_status where dt = date '" + ReportFixtures.LAST_DAY
                + "' and verdict = 'allowlisted' order by user_name").rows()).extracting(r -> r.get(0))
                .containsExactly("alpha.user7", "deploy-bot");
    }

    /** The fixture's data with to_remove replaced by hand-built rows (the statement's columns). */
    DashboardData handBuilt() {
        List<List<Object>> rows = List.of(
                row("needs_assignment", "team-a@example.com", "account_tag", "alpha", "111111111111", "alice", true, true, 0L,
                        "2026-03-14", 1L, "assign alice@example.com to this account", null, null),
                row("no_identity", "team-a@example.com", "account_tag", "alpha, \"main\"", "111111111111", "+ops@corp", true, true,
                        1L, null, 73L, "find the person, then remove the IAM user", null, null),
                row("machine_user", MARKUP, "user_tag", "beta", "222222222222", "=cmd|calc", true, false, 2L, "2026-03-15", 0L,
                        "move the access keys to an IAM role (keys last used with: s3, sts), then delete the IAM user", null, null),
                row("needs_assignment", "(no owner)", "none", "beta", "222222222222", "bob", true, true, 0L, "2025-11-01", 134L,
                        "line one\nline two", null, null),
                // holds nothing: listed only under "every IAM user not allowlisted"
                row("ready_to_remove", "team-a@example.com", "account_tag", "alpha", "111111111111", "old.carol", false, false, 0L,
                        "2025-01-02", 437L, "delete the IAM user", "quarantined", "quarantined since 2026-03-14 (29 days to go)"));
        List<Dataset> datasets = written.data().datasets().stream().map(d -> !d.name().equals("to_remove") ? d
                : new Dataset(d.name(), d.question(), d.sql(), d.columns(), rows)).toList();
        return new DashboardData(written.data().firstDay(), written.data().latestDay(), datasets);
    }

    @Test
    void the_table_filters_by_owner_and_verdict_and_exports_the_rows_shown_as_rfc_4180_csv(@TempDir Path dir) throws Exception {
        DashboardFiles.Written page = DashboardFiles.write(handBuilt(), dir);
        String day = written.data().latestDay().toString();

        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
            browser.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.alerts = 0; window.alert = () => { window.alerts++; };"));
            browser.open(page.dashboard(), "document.readyState === 'complete' && document.body.dataset.rendered === 'true'");
            String rows = "[...document.querySelectorAll('#to-remove tbody tr')].filter(r => !r.hidden)"
                    + ".map(r => [...r.cells].map(c => c.textContent).join('|'))";
            assertThat(browser.evaluate(rows)).extracting(JsonNode::asText).containsExactly(
                    "needs assignment|team-a@example.com|alpha|111111111111|alice|console password|2026-03-14|1||assign alice@example.com to this account",
                    "no identity|team-a@example.com|alpha, \"main\"|111111111111|+ops@corp|console password, 1 access key|never|73||"
                            + "find the person, then remove the IAM user",
                    "machine user|" + MARKUP + "|beta|222222222222|=cmd|calc|2 access keys|2026-03-15|0||move the access keys to an IAM "
                            + "role (keys last used with: s3, sts), then delete the IAM user",
                    "needs assignment|no owner found|beta|222222222222|bob|console password|2025-11-01|134||line one\nline two");
            assertThat(browser.evaluate("document.getElementById('remove-count').textContent").asText()).isEqualTo("showing 4 of 4");
            // every IAM user not allowlisted: the one holding nothing too
            browser.evaluate("(() => { const s = document.getElementById('remove-scope'); s.value = 'all';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            assertThat(browser.evaluate(rows)).extracting(JsonNode::asText).hasSize(5)
                    .contains("ready to remove|team-a@example.com|alpha|111111111111|old.carol|no credential|2025-01-02|437|quarantined since 2026-03-14 (29 days to go)|delete the IAM user");
            assertThat(browser.evaluate("[...document.getElementById('remove-scope').options].map(o => o.textContent)"))
                    .extracting(JsonNode::asText).containsExactly("to remove: holding a console password or an active key (4)",
                            "every IAM user not allowlisted (5)");
            browser.evaluate("(() => { const s = document.getElementById('remove-scope'); s.value = 'credential';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            assertThat(browser.evaluate("[...document.getElementById('remove-owner').options].map(o => o.textContent)"))
                    .extracting(JsonNode::asText).containsExactly("every owner", "(no owner)", MARKUP, "team-a@example.com");
            assertThat(browser.evaluate("[...document.getElementById('remove-verdict').options].map(o => o.textContent)"))
                    .extracting(JsonNode::asText).containsExactly("every verdict", "machine user", "needs assignment", "no identity",
                            "ready to remove");

            // every row: the CSV the button saves, read back from the file's blob URL
            String export = "(async () => { const b = document.getElementById('remove-export'); b.click();"
                    + " const r = await fetch(b.dataset.href); return [b.dataset.file, r.headers.get('content-type'), await r.text()]; })()";
            String header = "verdict,owner,account_name,account_id,user_name,holds_credential,has_console_access,active_access_keys,"
                    + "last_used,idle_days,action\r\n";
            JsonNode all = browser.evaluate(export);
            assertThat(all.get(0).asText()).isEqualTo("stocktake-to-remove-" + day + ".csv");
            assertThat(all.get(1).asText()).isEqualTo("text/csv;charset=utf-8");
            assertThat(all.get(2).asText()).isEqualTo(header
                    + "needs_assignment,team-a@example.com,alpha,111111111111,alice,true,true,0,2026-03-14,1,assign alice@example.com to this account\r\n"
                    + "no_identity,team-a@example.com,\"alpha, \"\"main\"\"\",111111111111,'+ops@corp,true,true,1,,73,"
                    + "\"find the person, then remove the IAM user\"\r\n"
                    + "machine_user," + MARKUP + ",beta,222222222222,'=cmd|calc,true,false,2,2026-03-15,0,\"move the access keys to an IAM "
                    + "role (keys last used with: s3, sts), then delete the IAM user\"\r\n"
                    + "needs_assignment,(no owner),beta,222222222222,bob,true,true,0,2025-11-01,134,\"line one\nline two\"\r\n");

            // filtered by owner, then by verdict: only the rows shown are exported
            browser.evaluate("(() => { const s = document.getElementById('remove-owner'); s.value = 'team-a@example.com';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            assertThat(browser.evaluate(rows)).extracting(JsonNode::asText).hasSize(2).allSatisfy(r -> assertThat(r).contains("|team-a@example.com|"));
            browser.evaluate("(() => { const s = document.getElementById('remove-verdict'); s.value = 'no_identity';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            assertThat(browser.evaluate("document.getElementById('remove-count').textContent").asText()).isEqualTo("showing 1 of 4");
            assertThat(browser.evaluate(export).get(2).asText()).isEqualTo(header
                    + "no_identity,team-a@example.com,\"alpha, \"\"main\"\"\",111111111111,'+ops@corp,true,true,1,,73,"
                    + "\"find the person, then remove the IAM user\"\r\n");

            // sorted by a heading: the export follows the order shown
            browser.evaluate("(() => { const s = document.getElementById('remove-owner'); s.value = '';"
                    + " s.dispatchEvent(new Event('change')); const v = document.getElementById('remove-verdict'); v.value = '';"
                    + " v.dispatchEvent(new Event('change'));"
                    + " document.querySelector('#to-remove th[data-key=idle_days]').click(); return true; })()");
            assertThat(browser.evaluate(export).get(2).asText().lines().map(l -> l.split(",")[0]).toList())
                    .startsWith("verdict", "machine_user", "needs_assignment", "no_identity");

            assertThat(browser.evaluate("document.querySelectorAll('img').length").asInt()).isZero();
            assertThat(browser.evaluate("window.alerts").asInt()).isZero();
            assertThat(browser.consoleErrors).isEmpty();
            assertThat(browser.requestedUrls).allSatisfy(url -> assertThat(url).matches("(file|blob|data):.*"));
        }
    }
}
