package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.ReportFixtures.day;
import static dev.stocktake.sql.engine.ReportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The migration views with only reports, one Identity Center export and the collector's details: no settings, no
 * milestones, no identity mapping, no allowlist and no account directory. The defaults apply (idle_days 90, the email
 * tag {@code email}, the owner tag {@code owner}), a user without an owner tag has no owner ({@code none}), and the
 * goal has no target.
 *
 * <p>Account alpha 100000000001 reports on 2026-06-01 and 06-02; the export of 06-01 has the persons u90, u89 and
 * mail-person (email m@example.com), each assigned to alpha. IAM users: u90 (idle 90 on 06-02), u89 (idle 89),
 * mailer (tag EMAIL=M@example.com, tag Owner=tag-owner), nobody (no person, no tags).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MigrationDefaultsTest {

    static final String A1 = MigrationData.A1;

    @TempDir
    static Path data;

    static LocalAthena athena;

    @BeforeAll
    static void start() {
        for (LocalDate day : List.of(day("2026-06-01"), day("2026-06-02"))) {
            MigrationData.report(data, day, "alpha", A1, List.of(
                    MigrationData.console("u90", A1, "2026-03-04T23:00:00+00:00"),
                    MigrationData.console("u89", A1, "2026-03-05T00:30:00+00:00"),
                    MigrationData.console("mailer", A1, "2026-06-01T10:00:00+00:00"),
                    MigrationData.console("nobody", A1, "2026-06-01T10:00:00+00:00")));
            MigrationData.write(data.resolve("iam-details/" + MigrationData.folder(day) + "/alpha@" + A1 + ".json"), """
                    {"kind":"collection","account_id":"100000000001","users":4,"sso_roles":0}
                    {"kind":"user","user_name":"mailer","tags":{"EMAIL":"M@example.com","Owner":"tag-owner"}}
                    {"kind":"user","user_name":"nobody","tags":{}}
                    """);
        }
        StringBuilder export = new StringBuilder("{\"kind\":\"instance\",\"instance_arn\":\"arn:aws:sso:::instance/ssoins-1\"}\n");
        for (String[] person : new String[][]{{"u-1", "u90", "[]"}, {"u-2", "u89", "[]"},
                {"u-3", "mail-person", "[{\"value\":\"m@example.com\",\"type\":\"work\",\"primary\":true}]"}}) {
            export.append("{\"kind\":\"user\",\"user_id\":\"").append(person[0]).append("\",\"user_name\":\"").append(person[1])
                    .append("\",\"display_name\":\"").append(person[1]).append("\",\"emails\":").append(person[2]).append("}\n");
            export.append("{\"kind\":\"assignment\",\"account_id\":\"").append(A1)
                    .append("\",\"permission_set_name\":\"ReadOnly\",\"principal_type\":\"USER\",\"principal_id\":\"")
                    .append(person[0]).append("\",\"user_id\":\"").append(person[0]).append("\"}\n");
        }
        MigrationData.write(data.resolve("identity-center/2026/06/01/identity-center.json"), export.toString());
        athena = LocalAthena.start(data);
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
    void the_absent_folders_are_empty_tables() {
        assertThat(athena.folder().migrationSettings()).isNull();
        assertThat(athena.folder().milestones()).isNull();
        assertThat(athena.folder().identityMapping()).isNull();
        for (String table : List.of("identity_mapping", "migration_settings", "milestones", "accounts", "allowlist")) {
            assertThat(rows("select count(*) from " + table)).as(table).containsExactly(row(0L));
        }
    }

    @Test
    void the_default_settings_decide_idle_matching_and_owners() {
        assertThat(rows("""
                select user_name, idle_days, identity_center_dt, identity_center_user_name, match_method, match_email,
                    owner, owner_source, verdict
                from migration_status where dt = date '2026-06-02' order by user_name"""))
                .containsExactly(
                        row("mailer", 1L, day("2026-06-01"), "mail-person", "email", "m@example.com", "tag-owner", "user_tag",
                                "still_in_use"),
                        row("nobody", 1L, day("2026-06-01"), null, null, null, null, "none", "no_identity"),
                        row("u89", 89L, day("2026-06-01"), "u89", "user_name", null, null, "none", "still_in_use"),
                        row("u90", 90L, day("2026-06-01"), "u90", "user_name", null, null, "none", "ready_to_remove"));
    }

    @Test
    void owner_todo_names_the_missing_owner() {
        assertThat(rows("select owner, verdict, users, user_names from owner_todo where dt = date '2026-06-02' order by verdict, owner"))
                .containsExactly(
                        row("(no owner)", "no_identity", 1L, "nobody"),
                        row("(no owner)", "ready_to_remove", 1L, "u90"),
                        row("(no owner)", "still_in_use", 1L, "u89"),
                        row("tag-owner", "still_in_use", 1L, "mailer"));
    }

    @Test
    void without_milestones_the_goal_has_no_target_and_no_milestone_rows() {
        assertThat(rows("""
                select current_console_users, target_console_users, progress_to_target, projected_target_day, target_reached,
                    next_milestone_day, next_milestone_name, next_milestone_max, distance_to_milestone, days_to_milestone,
                    on_track, final_milestone_day, final_milestone_max
                from goal_progress"""))
                .containsExactly(row(4L, null, null, null, null, null, null, null, null, null, null, null, null));
        assertThat(rows("select count(*) from milestone_progress")).containsExactly(row(0L));
        assertThat(rows("select count(*) from milestone_blockers")).containsExactly(row(0L));
    }
}
