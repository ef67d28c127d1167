package dev.stocktake.notifier.owner;

import static dev.stocktake.notifier.testing.Fixtures.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.notifier.testing.Fixtures;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

/**
 * {@code owner/owner_users.sql} on the shipped views on the embedded Trino over the notifier's fixtures
 * ({@link Fixtures}: no Identity Center export, so every console user is identity_center_unknown): the exact rows of the
 * digest's day, and who of them is mailed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnerUsersOnViewsTest {

    static final String WAIT = "wait for an Identity Center export: none on or before this day";

    @TempDir
    static Path reports;

    static LocalAthena athena;

    @BeforeAll
    static void start() {
        athena = LocalAthena.start(Fixtures.copyTo(reports));
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    static ResultTable run(java.time.LocalDate day) {
        QueryResult result = athena.execute("owner_users", OwnerTodos.query().inlined(day));
        return ResultTable.fromValues(result.columns(), result.rows());
    }

    @Test
    void one_row_per_iam_user_of_the_day_but_the_allowlisted_by_owner_then_account_and_user() {
        ResultTable table = run(DAY);

        assertThat(table.columns()).containsExactly("dt", "owner", "owner_source", "account_id", "account_name", "user_name",
                "verdict", "has_console_access", "active_access_keys", "last_activity", "idle_days", "action",
                "remediation_state", "remediation");
        // nobody is quarantined or removed by Stocktake in these fixtures (no remediation journal)
        assertThat(table.rows()).allSatisfy(r -> assertThat(r.subList(12, 14)).containsOnlyNulls());
        assertThat(table.rows()).extracting(r -> String.join(" | ", r.subList(0, 12).stream().map(String::valueOf).toList()))
                .containsExactly(
                        "2026-03-15 | <lab> & co | allowlist | 333333333333 | sandbox <&> | +ops@corp | identity_center_unknown | true "
                                + "| 0 | null | 73 | " + WAIT,
                        "2026-03-15 | platform@example.com | account_tag | 111111111111 | prod | alice | identity_center_unknown | true "
                                + "| 0 | 2026-03-14 09:00:00.000 | 1 | " + WAIT,
                        "2026-03-15 | platform@example.com | account_tag | 111111111111 | prod | bob | identity_center_unknown | false "
                                + "| 0 | null | 683 | " + WAIT,
                        "2026-03-15 | platform@example.com | account_tag | 111111111111 | prod | svc-deploy | machine_user | false | 1 "
                                + "| null | 1 | move the access keys to an IAM role (keys last used with: no service recorded), then delete "
                                + "the IAM user",
                        "2026-03-15 | security@example.com | allowlist | 111111111111 | prod | old-admin | identity_center_unknown "
                                + "| true | 0 | 2025-06-01 12:00:00.000 | 287 | " + WAIT,
                        "2026-03-15 | null | none | 222222222222 | team a/b | dave | identity_center_unknown | true | 0 | null | 1 | "
                                + WAIT,
                        "2026-03-15 | null | none | 222222222222 | team a/b | gina | identity_center_unknown | true | 0 "
                                + "| 2026-03-14 09:00:00.000 | 1 | " + WAIT,
                        "2026-03-15 | null | none | 222222222222 | team a/b | ivan | identity_center_unknown | true | 0 "
                                + "| 2026-03-13 09:00:00.000 | 2 | " + WAIT);
        // ci-bot, allowlisted, is nobody's to-do
        assertThat(table.rows()).extracting(r -> r.get(5)).doesNotContain("ci-bot");
    }

    @Test
    void the_owners_with_an_address_are_mailed_their_rows_the_others_are_named() {
        OwnerTodos todos = OwnerTodos.read(run(DAY), new OwnerDigestConfig(200, null, "stocktake@example.com", null));

        assertThat(todos.mailed()).extracting(o -> o.owner() + ": " + o.users().stream().map(OwnerTodos.UserLine::userName).toList())
                .containsExactly("platform@example.com: [alice, bob, svc-deploy]", "security@example.com: [old-admin]");
        assertThat(todos.withoutAddress()).containsExactly("<lab> & co", "(no owner)");
    }

    @Test
    void a_day_without_reports_has_no_rows() {
        assertThat(run(DAY.plusDays(1)).rows()).isEmpty();
    }
}
