package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.MigrationData.A1;
import static dev.stocktake.sql.engine.MigrationData.A2;
import static dev.stocktake.sql.engine.ReportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.JournalFixture;
import dev.stocktake.remediation.JournalRecord;
import dev.stocktake.remediation.JournalRecord.Phase;

/**
 * The remediation journal's table and the views over it ({@code remediation_timeline}, {@code remediation_status}) and
 * what they add to {@code user_changes}, {@code migration_status} and {@code owner_todo}, on the embedded Trino over
 * {@link MigrationData} plus a journal written by remediation's {@link JournalFixture} exactly as
 * {@code dev.stocktake.remediation.Journal} writes it (one line of JSON per record; JournalLineTest pins that line).
 *
 * <p>The journal: plan q-20260602-bbbbbb quarantines temp-5 of beta on 2026-06-02 (password, deny-all), and deletion
 * plan d-20260606-cccccc deletes it on 2026-06-06 (snapshot, delete_user): the 2026-06-07 report no longer lists it.
 * Plan q-20260603-aaaaaa on 2026-06-03 in alpha: leaver quarantined (password, deny-all); ghost's deny-all step failed
 * after its password step (started only: partially quarantined); oldie quarantined, its deny-all undone on 2026-06-05.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RemediationViewsTest {

    static final String OPERATOR = "arn:aws:iam::999999999999:user/operator";

    @TempDir
    static Path data;

    static JournalFixture journal;
    static LocalAthena athena;

    @BeforeAll
    static void start() {
        MigrationData.writeTo(data);
        journal = new JournalFixture(data, OPERATOR);
        // beta's temp-5: quarantined on 06-02, deleted on 06-06
        record("q-20260602-bbbbbb", "001-delete-password", Phase.STARTED, Action.DELETE_LOGIN_PROFILE, A2, "temp-5",
                "2026-06-02T08:00:00.123456Z", "{\"login_profile\":\"present\",\"password_reset_required\":\"false\"}");
        // its time with a one-digit fraction (Journal writes 0, 3, 6 or 9 digits): the table keeps `at` as written
        JournalRecord done = journal.record("q-20260602-bbbbbb", "001-delete-password", Phase.DONE, Action.DELETE_LOGIN_PROFILE,
                A2, "temp-5", "2026-06-02T08:00:01.5Z", "{\"login_profile\":\"present\",\"password_reset_required\":\"false\"}");
        journal.write(done, new String(JournalFixture.line(done), StandardCharsets.UTF_8).replace("01.500Z", "01.5Z")
                .getBytes(StandardCharsets.UTF_8));
        record("q-20260602-bbbbbb", "002-deny-all", Phase.STARTED, Action.ATTACH_DENY_POLICY, A2, "temp-5",
                "2026-06-02T08:00:02Z", "{\"deny_policy\":\"absent\"}");
        record("q-20260602-bbbbbb", "002-deny-all", Phase.DONE, Action.ATTACH_DENY_POLICY, A2, "temp-5",
                "2026-06-02T08:00:03Z", "{\"deny_policy\":\"absent\"}");
        record("d-20260606-cccccc", "001-snapshot", Phase.STARTED, Action.SNAPSHOT_USER, A2, "temp-5",
                "2026-06-06T12:00:00Z", null);
        record("d-20260606-cccccc", "001-snapshot", Phase.DONE, Action.SNAPSHOT_USER, A2, "temp-5",
                "2026-06-06T12:00:01Z", "{\"user\":{\"path\":\"/\",\"groups\":[\"devs\"]}}");
        record("d-20260606-cccccc", "002-delete-user", Phase.STARTED, Action.DELETE_USER, A2, "temp-5",
                "2026-06-06T12:00:02Z", null);
        record("d-20260606-cccccc", "002-delete-user", Phase.DONE, Action.DELETE_USER, A2, "temp-5",
                "2026-06-06T12:00:03Z", null);
        // alpha: leaver quarantined, ghost half, oldie quarantined then its deny-all undone
        String q = "q-20260603-aaaaaa";
        record(q, "001-delete-password", Phase.STARTED, Action.DELETE_LOGIN_PROFILE, A1, "leaver", "2026-06-03T09:00:00Z", null);
        record(q, "001-delete-password", Phase.DONE, Action.DELETE_LOGIN_PROFILE, A1, "leaver", "2026-06-03T09:00:01Z", null);
        record(q, "002-deny-all", Phase.STARTED, Action.ATTACH_DENY_POLICY, A1, "leaver", "2026-06-03T09:00:02Z", null);
        record(q, "002-deny-all", Phase.DONE, Action.ATTACH_DENY_POLICY, A1, "leaver", "2026-06-03T09:00:03Z", null);
        record(q, "003-delete-password", Phase.STARTED, Action.DELETE_LOGIN_PROFILE, A1, "ghost", "2026-06-03T09:01:00Z", null);
        record(q, "003-delete-password", Phase.DONE, Action.DELETE_LOGIN_PROFILE, A1, "ghost", "2026-06-03T09:01:01Z", null);
        record(q, "004-deny-all", Phase.STARTED, Action.ATTACH_DENY_POLICY, A1, "ghost", "2026-06-03T09:01:02Z", null);
        record(q, "005-delete-password", Phase.STARTED, Action.DELETE_LOGIN_PROFILE, A1, "oldie", "2026-06-03T09:02:00Z", null);
        record(q, "005-delete-password", Phase.DONE, Action.DELETE_LOGIN_PROFILE, A1, "oldie", "2026-06-03T09:02:01Z", null);
        record(q, "006-deny-all", Phase.STARTED, Action.ATTACH_DENY_POLICY, A1, "oldie", "2026-06-03T09:02:02Z", null);
        record(q, "006-deny-all", Phase.DONE, Action.ATTACH_DENY_POLICY, A1, "oldie", "2026-06-03T09:02:03Z", null);
        record(q, "006-deny-all", Phase.UNDO_STARTED, Action.ATTACH_DENY_POLICY, A1, "oldie", "2026-06-05T10:00:00Z", null);
        record(q, "006-deny-all", Phase.UNDONE, Action.ATTACH_DENY_POLICY, A1, "oldie", "2026-06-05T10:00:01Z", null);
        // not a journal record: ignored
        MigrationData.write(data.resolve("remediation/2026/06/03/" + q + "/README.txt"), "notes, not a record\n");
        athena = LocalAthena.start(data);
    }

    /** One journal record at its key, as Journal writes it. */
    static void record(String plan, String step, Phase phase, Action action, String account, String user, String at,
                       String stateBefore) {
        journal.write(journal.record(plan, step, phase, action, account, user, at, stateBefore));
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    static List<List<Object>> rows(String sql) {
        return athena.execute("<test>", sql).rows();
    }

    @Test
    void the_journal_table_reads_every_record_of_every_plan_folder_with_its_nested_state_as_json_text() {
        assertThat(athena.folder().remediation()).isEqualTo(new ReportFolder.DayFolder(
                data.toAbsolutePath().normalize().resolve("remediation"), MigrationData.day(2), MigrationData.day(6), 22));
        assertThat(rows("select count(*), count(plan_id) from remediation_journal")).containsExactly(row(22L, 21L));
        assertThat(rows("""
                select dt, plan_id, step_id, phase, action, account_id, user_name, at, operator, role_arn, state_before
                from remediation_journal where plan_id = 'q-20260602-bbbbbb' and step_id = '001-delete-password' and phase = 'done'"""))
                .containsExactly(row("2026/06/02", "q-20260602-bbbbbb", "001-delete-password", "done", "delete_login_profile",
                        A2, "temp-5", "2026-06-02T08:00:01.5Z", OPERATOR, "arn:aws:iam::" + A2 + ":role/stocktake-remediation",
                        "{\"login_profile\":\"present\",\"password_reset_required\":\"false\"}"));
    }

    @Test
    void the_timeline_gives_each_state_change_with_its_plan_and_operator() {
        assertThat(rows("""
                select account_id, user_name, state, cast(since as varchar), since_day, until_day, plan_id, operator,
                    quarantine_plan_id, cast(quarantined_at as varchar)
                from remediation_timeline order by account_id, user_name, since"""))
                .containsExactly(
                        row(A1, "ghost", "partially_quarantined", "2026-06-03 09:01:00.000 UTC", MigrationData.day(3), null,
                                "q-20260603-aaaaaa", OPERATOR, "q-20260603-aaaaaa", null),
                        row(A1, "leaver", "partially_quarantined", "2026-06-03 09:00:00.000 UTC", MigrationData.day(3),
                                MigrationData.day(3), "q-20260603-aaaaaa", OPERATOR, "q-20260603-aaaaaa", null),
                        row(A1, "leaver", "quarantined", "2026-06-03 09:00:03.000 UTC", MigrationData.day(3), null,
                                "q-20260603-aaaaaa", OPERATOR, "q-20260603-aaaaaa", "2026-06-03 09:00:03.000 UTC"),
                        row(A1, "oldie", "partially_quarantined", "2026-06-03 09:02:00.000 UTC", MigrationData.day(3),
                                MigrationData.day(3), "q-20260603-aaaaaa", OPERATOR, "q-20260603-aaaaaa", null),
                        row(A1, "oldie", "quarantined", "2026-06-03 09:02:03.000 UTC", MigrationData.day(3), MigrationData.day(5),
                                "q-20260603-aaaaaa", OPERATOR, "q-20260603-aaaaaa", "2026-06-03 09:02:03.000 UTC"),
                        row(A1, "oldie", "quarantine_undone", "2026-06-05 10:00:01.000 UTC", MigrationData.day(5), null,
                                "q-20260603-aaaaaa", OPERATOR, "q-20260603-aaaaaa", null),
                        row(A2, "temp-5", "partially_quarantined", "2026-06-02 08:00:00.123 UTC", MigrationData.day(2),
                                MigrationData.day(2), "q-20260602-bbbbbb", OPERATOR, "q-20260602-bbbbbb", null),
                        row(A2, "temp-5", "quarantined", "2026-06-02 08:00:03.000 UTC", MigrationData.day(2), MigrationData.day(6),
                                "q-20260602-bbbbbb", OPERATOR, "q-20260602-bbbbbb", "2026-06-02 08:00:03.000 UTC"),
                        row(A2, "temp-5", "removal_started", "2026-06-06 12:00:00.000 UTC", MigrationData.day(6),
                                MigrationData.day(6), "d-20260606-cccccc", OPERATOR, "q-20260602-bbbbbb", "2026-06-02 08:00:03.000 UTC"),
                        row(A2, "temp-5", "removed", "2026-06-06 12:00:03.000 UTC", MigrationData.day(6), null,
                                "d-20260606-cccccc", OPERATOR, "q-20260602-bbbbbb", "2026-06-02 08:00:03.000 UTC"));
    }

    @Test
    void the_status_gives_each_report_day_the_state_in_words_with_the_watch_window_left() {
        assertThat(rows("""
                select dt, account_id, user_name, remediation_state, remediation from remediation_status
                where dt in (date '2026-06-02', date '2026-06-04', date '2026-06-10') order by dt, account_id, user_name"""))
                .containsExactly(
                        row(MigrationData.day(2), A2, "temp-5", "quarantined", "quarantined since 2026-06-02 (30 days to go)"),
                        row(MigrationData.day(4), A1, "ghost", "partially_quarantined",
                                "partially quarantined since 2026-06-03 (apply did not finish: run it again)"),
                        row(MigrationData.day(4), A1, "leaver", "quarantined", "quarantined since 2026-06-03 (29 days to go)"),
                        row(MigrationData.day(4), A1, "oldie", "quarantined", "quarantined since 2026-06-03 (29 days to go)"),
                        row(MigrationData.day(4), A2, "temp-5", "quarantined", "quarantined since 2026-06-02 (28 days to go)"),
                        row(MigrationData.day(10), A1, "ghost", "partially_quarantined",
                                "partially quarantined since 2026-06-03 (apply did not finish: run it again)"),
                        row(MigrationData.day(10), A1, "leaver", "quarantined", "quarantined since 2026-06-03 (23 days to go)"),
                        row(MigrationData.day(10), A1, "oldie", "quarantine_undone", "quarantine undone on 2026-06-05"),
                        // deleted on 06-06: gone from the reports since 06-07, still listed as removed by Stocktake
                        row(MigrationData.day(10), A2, "temp-5", "removed", "removed by Stocktake on 2026-06-06 (plan d-20260606-cccccc)"));
        assertThat(rows("""
                select account_name, cast(since as varchar), since_day, plan_id, operator, quarantine_plan_id,
                    cast(quarantined_at as varchar), days_since_quarantine, watch_days, watch_days_to_go
                from remediation_status where dt = date '2026-06-10' and user_name in ('leaver', 'temp-5') order by user_name"""))
                .containsExactly(
                        row("alpha", "2026-06-03 09:00:03.000 UTC", MigrationData.day(3), "q-20260603-aaaaaa", OPERATOR,
                                "q-20260603-aaaaaa", "2026-06-03 09:00:03.000 UTC", 7L, 30, 23L),
                        row("beta", "2026-06-06 12:00:03.000 UTC", MigrationData.day(6), "d-20260606-cccccc", OPERATOR,
                                "q-20260602-bbbbbb", "2026-06-02 08:00:03.000 UTC", 8L, 30, null));
    }

    @Test
    void user_changes_tells_a_removal_by_stocktake_from_a_disappearance_and_counts_quarantines() {
        assertThat(rows("""
                select dt, account_id, users_removed, users_removed_by_stocktake, removal_plan_ids, users_quarantined,
                    quarantines_undone
                from user_changes
                where users_removed_by_stocktake + users_quarantined + quarantines_undone > 0
                    or (account_id = '%s' and dt = date '2026-06-03')
                order by dt, account_id""".formatted(A2)))
                .containsExactly(
                        // temp-10 disappeared (not Stocktake); temp-5 quarantined
                        row(MigrationData.day(2), A2, 1L, 0L, null, 1L, 0L),
                        row(MigrationData.day(3), A1, 0L, 0L, null, 2L, 0L),
                        row(MigrationData.day(3), A2, 1L, 0L, null, 0L, 0L),
                        row(MigrationData.day(5), A1, 0L, 0L, null, 0L, 1L),
                        row(MigrationData.day(7), A2, 1L, 1L, "d-20260606-cccccc", 0L, 0L));
    }

    @Test
    void migration_status_and_owner_todo_show_the_state_instead_of_a_user_still_to_do() {
        assertThat(rows("""
                select dt, user_name, verdict, remediation_state, remediation_plan_id, remediation from migration_status
                where remediation_state is not null and dt in (date '2026-06-06', date '2026-06-10')
                order by dt, account_id, user_name"""))
                .containsExactly(
                        row(MigrationData.day(6), "ghost", "no_identity", "partially_quarantined", "q-20260603-aaaaaa",
                                "partially quarantined since 2026-06-03 (apply did not finish: run it again)"),
                        row(MigrationData.day(6), "leaver", "no_identity", "quarantined", "q-20260603-aaaaaa",
                                "quarantined since 2026-06-03 (27 days to go)"),
                        row(MigrationData.day(6), "oldie", "no_identity", "quarantine_undone", "q-20260603-aaaaaa",
                                "quarantine undone on 2026-06-05"),
                        row(MigrationData.day(6), "temp-5", "no_identity", "removed", "d-20260606-cccccc",
                                "removed by Stocktake on 2026-06-06 (plan d-20260606-cccccc)"),
                        row(MigrationData.day(10), "ghost", "no_identity", "partially_quarantined", "q-20260603-aaaaaa",
                                "partially quarantined since 2026-06-03 (apply did not finish: run it again)"),
                        row(MigrationData.day(10), "leaver", "no_identity", "quarantined", "q-20260603-aaaaaa",
                                "quarantined since 2026-06-03 (23 days to go)"),
                        row(MigrationData.day(10), "oldie", "no_identity", "quarantine_undone", "q-20260603-aaaaaa",
                                "quarantine undone on 2026-06-05"));
        assertThat(rows("""
                select owner, verdict, users, user_names, action, remediation_state, remediation from owner_todo
                where dt = date '2026-06-10' and account_id = '%s' and verdict = 'no_identity'
                order by owner, remediation_state nulls first""".formatted(A1)))
                .containsExactly(
                        row("alpha-team@example.com", "no_identity", 1L, "ghost",
                                "finish the quarantine: run the same stocktake remediate apply again", "partially_quarantined",
                                "partially quarantined since 2026-06-03 (apply did not finish: run it again)"),
                        row("alpha-team@example.com", "no_identity", 1L, "leaver",
                                "nothing until the watch window is over; then stocktake remediate plan --delete", "quarantined",
                                "quarantined since 2026-06-03 (23 days to go)"),
                        // an undone quarantine is to do again, with its history beside it
                        row("old-owner@example.com", "no_identity", 1L, "oldie",
                                "find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users",
                                null, "quarantine undone on 2026-06-05"));
    }
}
