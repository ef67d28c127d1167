package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.ReportFixtures.day;
import static dev.stocktake.sql.engine.ReportFixtures.row;
import static dev.stocktake.sql.engine.ReportFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;

/**
 * The migration tables and views ({@code migration_status}, {@code owner_todo}, {@code goal_progress} on milestones,
 * {@code milestone_progress}, {@code milestone_blockers}) on the embedded Trino over {@link MigrationData}, asserted
 * row by row; the data set's class comment says who is who.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MigrationViewsTest {

    @RegisterExtension
    static final ViewsOnFolder views = new ViewsOnFolder(MigrationData::writeTo);

    @Nested
    class The_data_folder_and_tables {

        @Test
        void mounts_every_migration_folder_beside_the_credential_reports() {
            ReportFolder folder = views.athena().folder();
            Path root = views.data().toAbsolutePath().normalize();

            assertThat(folder.identityCenter()).isEqualTo(new ReportFolder.DayFolder(root.resolve("identity-center"),
                    day("2026-06-02"), day("2026-06-08"), 4));
            assertThat(folder.iamDetails()).isEqualTo(new ReportFolder.DayFolder(root.resolve("iam-details"),
                    day("2026-06-01"), day("2026-06-10"), 40));
            assertThat(folder.identityMapping()).isEqualTo(root.resolve("identity-mapping"));
            assertThat(folder.migrationSettings()).isEqualTo(root.resolve("migration-settings"));
            assertThat(folder.milestones()).isEqualTo(root.resolve("milestones"));
        }

        @Test
        void the_openx_json_serde_reads_arrays_of_structs_and_maps() {
            assertThat(views.rows("""
                    select user_id, user_name, emails, external_ids[1].id from identity_center
                    where dt = '2026/06/08' and kind = 'user' and user_id in ('u-300', 'u-500') order by user_id"""))
                    .containsExactly(
                            row("u-300", "carol.c", List.of(List.of("Carol@Example.com", "work", true)), "ext-u-300"),
                            row("u-500", "dan", List.of(), "ext-u-500"));
            assertThat(views.rows("""
                    select user_name, tags from iam_details
                    where dt = '2026/06/10' and kind = 'user' and user_name = 'bob'"""))
                    .containsExactly(row("bob", java.util.Map.of("OWNER", "bob-team", "team", "x")));
        }

        @Test
        void a_malformed_json_line_is_a_row_of_nulls_and_fails_no_query() {
            assertThat(views.rows("""
                    select count(*) from iam_details
                    where dt = '2026/06/10' and kind is null and "$path" like '%/alpha@100000000001.json'"""))
                    .containsExactly(row(1L));
        }
    }

    @Nested
    class The_migration_status_view {

        @Test
        void gives_every_verdict_owner_and_match_on_the_last_day() {
            assertThat(views.rows("""
                    select account_id, user_name, idle_days, key_last_used_services, identity_center_dt,
                        identity_center_user_id, identity_center_user_name, identity_center_display_name, match_method,
                        match_email, has_assignment, assigned_permission_sets, sso_last_used, sso_roles, allowlist_status,
                        owner, owner_source, verdict
                    from migration_status where dt = date '2026-06-10' order by account_id, user_name"""))
                    .containsExactly(
                            // user name match, direct assignment, idle exactly idle_days (30): ready
                            row(MigrationData.A1, "alice", 30L, null, day("2026-06-08"), "u-100", "alice", "Alice Liddell",
                                    "user_name", null, true, "AdministratorAccess", ts("2026-06-09 08:00:00"), 2L,
                                    "not_listed", "alpha-team@example.com", "account_tag", "ready_to_remove"),
                            // user name in another case, assignment through a group, idle 29: still in use; owner tag OWNER
                            row(MigrationData.A1, "bob", 29L, null, day("2026-06-08"), "u-200", "Bob", "Bob Builder",
                                    "user_name", null, true, "ReadOnly", ts("2026-06-09 08:00:00"), 2L,
                                    "not_listed", "bob-team", "user_tag", "still_in_use"),
                            // email tag (key e-mail for setting E-Mail) equal to Carol@Example.com in another case;
                            // assigned in the D8 export only
                            row(MigrationData.A1, "carol", 160L, null, day("2026-06-08"), "u-300", "carol.c", "Carol C",
                                    "email", "Carol@Example.com", true, "ReadOnly", ts("2026-06-09 08:00:00"), 2L,
                                    "not_listed", "alpha-team@example.com", "account_tag", "ready_to_remove"),
                            row(MigrationData.A1, "ci-bot", 1L, "s3, sts", day("2026-06-08"), null, null, null, null, null,
                                    null, null, ts("2026-06-09 08:00:00"), 2L, "not_listed", "alpha-team@example.com",
                                    "account_tag", "machine_user"),
                            // two persons with the email: the smallest user_id (u-400 before u-410)
                            row(MigrationData.A1, "dupe", 160L, null, day("2026-06-08"), "u-400", "dup-1", "Dup One",
                                    "email", "DUP@example.com", true, "Billing, ReadOnly", ts("2026-06-09 08:00:00"), 2L,
                                    "not_listed", "alpha-team@example.com", "account_tag", "ready_to_remove"),
                            // a mapping naming nobody: no match, method mapping, no fall-through
                            row(MigrationData.A1, "ghost", 160L, null, day("2026-06-08"), null, null, null, "mapping", null,
                                    null, null, ts("2026-06-09 08:00:00"), 2L, "not_listed", "alpha-team@example.com",
                                    "account_tag", "no_identity"),
                            row(MigrationData.A1, "leaver", 160L, null, day("2026-06-08"), null, null, null, null, null,
                                    null, null, ts("2026-06-09 08:00:00"), 2L, "not_listed", "alpha-team@example.com",
                                    "account_tag", "no_identity"),
                            row(MigrationData.A1, "listed", 160L, null, day("2026-06-08"), null, null, null, null, null,
                                    null, null, ts("2026-06-09 08:00:00"), 2L, "allowed", "allow-owner@example.com",
                                    "allowlist", "allowlisted"),
                            // an expired allowlist entry still names the owner; the verdict comes from the matching
                            row(MigrationData.A1, "oldie", 160L, null, day("2026-06-08"), null, null, null, null, null,
                                    null, null, ts("2026-06-09 08:00:00"), 2L, "expired", "old-owner@example.com",
                                    "allowlist", "no_identity"),
                            // the mapping line of the account ID beats the * line
                            row(MigrationData.A1, "svc-dan", 1L, null, day("2026-06-08"), "u-500", "dan", "Dan D", "mapping",
                                    null, true, "PowerUser", ts("2026-06-09 08:00:00"), 2L, "not_listed",
                                    "alpha-team@example.com", "account_tag", "still_in_use"),
                            // the * line elsewhere; details without SSO roles: 0 roles, never used; owner of the deepest OU
                            row(MigrationData.A2, "svc-dan", 1L, null, day("2026-06-08"), "u-600", "erin", "Erin E", "mapping",
                                    null, true, "PowerUser", null, 0L, "not_listed", "work-team", "ou_default", "still_in_use"),
                            row(MigrationData.A2, "temp-1", 525L, null, day("2026-06-08"), null, null, null, null, null,
                                    null, null, null, 0L, "not_listed", "work-team", "ou_default", "no_identity"),
                            // no details file (its keys are not <name>@<id>.json in the day folder); not in the directory
                            row(MigrationData.A4, "hank", 160L, null, day("2026-06-08"), null, null, null, null, null,
                                    null, null, null, null, "not_listed", "org-team", "organization_default", "no_identity"));
        }

        @Test
        void uses_the_latest_export_on_or_before_the_day_and_says_unknown_before_the_first() {
            assertThat(views.rows("""
                    select dt, account_id, user_name, identity_center_dt, identity_center_user_id, match_method,
                        has_assignment, owner, owner_source, verdict, action
                    from migration_status
                    where dt in (date '2026-06-01', date '2026-06-04', date '2026-06-05') and user_name in ('carol', 'alice', 'gina')
                    order by dt, account_id, user_name"""))
                    .containsExactly(
                            row(day("2026-06-01"), MigrationData.A1, "alice", null, null, null, null, "alpha-old@example.com",
                                    "account_tag", "identity_center_unknown",
                                    "wait for an Identity Center export: none on or before this day"),
                            row(day("2026-06-01"), MigrationData.A1, "carol", null, null, null, null, "alpha-old@example.com",
                                    "account_tag", "identity_center_unknown",
                                    "wait for an Identity Center export: none on or before this day"),
                            // the root's default owner (the root ID counts as the shallowest OU)
                            row(day("2026-06-01"), MigrationData.A3, "gina", null, null, null, null, "root-team", "ou_default",
                                    "identity_center_unknown", "wait for an Identity Center export: none on or before this day"),
                            // no export on 06-04: the one of 06-03
                            row(day("2026-06-04"), MigrationData.A1, "alice", day("2026-06-03"), "u-100", "user_name", true,
                                    "alpha-old@example.com", "account_tag", "still_in_use",
                                    "have alice sign in through Identity Center (AdministratorAccess) instead; the IAM user was used 24 days ago"),
                            row(day("2026-06-04"), MigrationData.A1, "carol", day("2026-06-03"), "u-300", "email", false,
                                    "alpha-old@example.com", "account_tag", "needs_assignment",
                                    "assign carol.c to this account in Identity Center, then remove the IAM user"),
                            row(day("2026-06-04"), MigrationData.A3, "gina", day("2026-06-03"), null, null, null, "root-team",
                                    "ou_default", "no_identity",
                                    "find the person (possibly a leaver): disable the credentials, or add a line to the identity mapping"),
                            row(day("2026-06-05"), MigrationData.A1, "alice", day("2026-06-05"), "u-100", "user_name", true,
                                    "alpha-old@example.com", "account_tag", "still_in_use",
                                    "have alice sign in through Identity Center (AdministratorAccess) instead; the IAM user was used 25 days ago"),
                            row(day("2026-06-05"), MigrationData.A1, "carol", day("2026-06-05"), "u-300", "email", false,
                                    "alpha-old@example.com", "account_tag", "needs_assignment",
                                    "assign carol.c to this account in Identity Center, then remove the IAM user"),
                            row(day("2026-06-05"), MigrationData.A3, "gina", day("2026-06-05"), null, null, null, "root-team",
                                    "ou_default", "no_identity",
                                    "find the person (possibly a leaver): disable the credentials, or add a line to the identity mapping"));
        }

        @Test
        void has_one_row_per_iam_user_of_iam_users_root_excluded() {
            assertThat(views.rows("select count(*), count(distinct (dt, account_id, user_name)) from migration_status"))
                    .containsExactly(row(views.rows("select count(*) from iam_users where not is_root").getFirst().getFirst(),
                            views.rows("select count(*) from iam_users where not is_root").getFirst().getFirst()));
        }

        @Test
        void a_filter_on_dt_prunes_the_reports_and_the_details_to_that_day() {
            String plan = (String) views.rows("explain analyze select * from migration_status where dt = date '2026-06-10'")
                    .getFirst().getFirst();

            assertThat(scanOf(plan, "credential_reports")).contains(":: [[2026/06/10]]");
            assertThat(scanOf(plan, "iam_details")).contains(":: [[2026/06/10]]");
        }

        /** The plan text from the scan of {@code table} up to the next scan. */
        private static String scanOf(String plan, String table) {
            String marker = "table = " + LocalAthena.CATALOG + ":" + LocalAthena.SCHEMA + ":" + table + " ";
            int start = plan.indexOf(marker);
            assertThat(start).as("a scan of %s", table).isNotNegative();
            int next = plan.indexOf("table = ", start + marker.length());
            return plan.substring(start, next < 0 ? plan.length() : next);
        }
    }

    @Nested
    class The_owner_todo_view {

        @Test
        void lists_per_owner_account_and_verdict_what_is_left_without_the_allowlisted() {
            assertThat(views.rows("""
                    select owner, account_id, account_name, verdict, users, console_users, user_names, action
                    from owner_todo where dt = date '2026-06-10' order by owner, account_id, verdict"""))
                    .containsExactly(
                            row("alpha-team@example.com", MigrationData.A1, "alpha", "machine_user", 1L, 0L, "ci-bot",
                                    "move the access keys to IAM roles, then delete the IAM users"),
                            row("alpha-team@example.com", MigrationData.A1, "alpha", "no_identity", 2L, 2L, "ghost, leaver",
                                    "find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users"),
                            row("alpha-team@example.com", MigrationData.A1, "alpha", "ready_to_remove", 3L, 3L,
                                    "alice, carol, dupe",
                                    "delete the IAM users: their people sign in through Identity Center and the users are idle"),
                            row("alpha-team@example.com", MigrationData.A1, "alpha", "still_in_use", 1L, 1L, "svc-dan",
                                    "have the people sign in through Identity Center instead of the IAM users"),
                            row("bob-team", MigrationData.A1, "alpha", "still_in_use", 1L, 1L, "bob",
                                    "have the people sign in through Identity Center instead of the IAM users"),
                            row("old-owner@example.com", MigrationData.A1, "alpha", "no_identity", 1L, 1L, "oldie",
                                    "find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users"),
                            row("org-team", MigrationData.A4, "delta", "no_identity", 1L, 1L, "hank",
                                    "find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users"),
                            row("work-team", MigrationData.A2, "beta", "no_identity", 1L, 1L, "temp-1",
                                    "find the people (possibly leavers): disable the credentials, or map the users to their Identity Center users"),
                            row("work-team", MigrationData.A2, "beta", "still_in_use", 1L, 1L, "svc-dan",
                                    "have the people sign in through Identity Center instead of the IAM users"));
        }
    }

    @Nested
    class The_goal_progress_view {

        @Test
        void aims_at_the_next_organization_milestone() {
            // console users 22 on 06-01, 20 on 06-03 (7 days before), 13 on 06-10 (gamma carried from 06-08; epsilon
            // missing); next milestone "second" (06-20, at most 5): 8 to go at 1 a day -> 06-18, on track
            assertThat(views.rows("select * from goal_progress")).containsExactly(row(
                    day("2026-06-01"), 22L, day("2026-06-10"), 13L, 5L, 0.4091, 0.5294, day("2026-06-03"), 1.0,
                    day("2026-06-18"), 3L, 1L, 1L, false, day("2026-06-20"), "second", 5L, 8L, 10L, true,
                    day("2026-06-22"), 0L));
        }
    }

    @Nested
    class The_milestone_progress_view {

        @Test
        void gives_every_milestone_its_scope_status_and_projection() {
            assertThat(views.rows("select * from milestone_progress order by scope_type, scope, day")).containsExactly(
                    // delta alone (not in the directory): 1 console user, at most 1
                    row("account", MigrationData.A4, day("2026-06-30"), 1L, "delta one", true, day("2026-06-10"), 1L, 0L,
                            1L, 0L, "met", day("2026-06-10")),
                    // under the max, but epsilon is missing: a gap never meets a milestone; the day is past
                    row("organization", null, day("2026-06-05"), 15L, "first", false, day("2026-06-10"), 13L, 0L, 5L, 1L,
                            "missed", day("2026-06-10")),
                    row("organization", null, day("2026-06-20"), 5L, "second", true, day("2026-06-10"), 13L, 8L, 5L, 1L,
                            "on_track", day("2026-06-18")),
                    row("organization", null, day("2026-06-22"), 0L, "zero", false, day("2026-06-10"), 13L, 13L, 5L, 1L,
                            "behind", day("2026-06-23")),
                    // gamma (carried) and epsilon (missing) under ou-root-sand0001
                    row("ou", "ou-root-sand0001", day("2026-07-01"), 5L, null, true, day("2026-06-10"), 1L, 0L, 2L, 1L,
                            "on_track", day("2026-06-10")),
                    // alpha and beta under ou-root-work0001 at depth 2 (their parents are below it): 18 -> 11 in 7 days
                    row("ou", "ou-root-work0001", day("2026-06-12"), 5L, "work five", true, day("2026-06-10"), 11L, 6L, 2L,
                            0L, "behind", day("2026-06-16")));
        }
    }

    @Nested
    class The_milestone_blockers_view {

        @Test
        void ranks_the_owners_and_accounts_holding_back_each_unmet_next_milestone() {
            assertThat(views.rows("select * from milestone_blockers order by scope_type, scope, rank, account_id, owner"))
                    .containsExactly(
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A1, "alpha",
                                    "alpha-team@example.com", 6L, 0.4615, 1L),
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A2, "beta", "work-team", 2L, 0.1538, 2L),
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A1, "alpha", "allow-owner@example.com",
                                    1L, 0.0769, 3L),
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A1, "alpha", "bob-team", 1L, 0.0769, 3L),
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A1, "alpha", "old-owner@example.com",
                                    1L, 0.0769, 3L),
                            // gamma counts with its report of 06-08 (carried)
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A3, "gamma", "root-team", 1L, 0.0769, 3L),
                            row("organization", null, day("2026-06-20"), 5L, MigrationData.A4, "delta", "org-team", 1L, 0.0769, 3L),
                            row("ou", "ou-root-sand0001", day("2026-07-01"), 5L, MigrationData.A3, "gamma", "root-team", 1L, 1.0, 1L),
                            row("ou", "ou-root-work0001", day("2026-06-12"), 5L, MigrationData.A1, "alpha",
                                    "alpha-team@example.com", 6L, 0.5455, 1L),
                            row("ou", "ou-root-work0001", day("2026-06-12"), 5L, MigrationData.A2, "beta", "work-team", 2L, 0.1818, 2L),
                            row("ou", "ou-root-work0001", day("2026-06-12"), 5L, MigrationData.A1, "alpha",
                                    "allow-owner@example.com", 1L, 0.0909, 3L),
                            row("ou", "ou-root-work0001", day("2026-06-12"), 5L, MigrationData.A1, "alpha", "bob-team", 1L, 0.0909, 3L),
                            row("ou", "ou-root-work0001", day("2026-06-12"), 5L, MigrationData.A1, "alpha",
                                    "old-owner@example.com", 1L, 0.0909, 3L));
        }
    }
}
