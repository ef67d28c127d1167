package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.ReportFixtures.day;
import static dev.stocktake.sql.engine.ReportFixtures.row;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistEntry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code allowlist} table and the allowlist columns and views on the embedded Trino, over the report fixtures
 * ({@link LocalAthenaTest}) with the allowlist fixture ({@code fixtures/allowlist/allowlist.csv}) deployed beside them,
 * and the proof that the SQL decides exactly as {@link Allowlist#decide} does.
 *
 * <p>The fixture's entries, against the reports (2026-02-19 to 2026-03-05): ci-bot (keys only) matches the glob
 * {@code *,ci-*} (listed first, expires 03-01) and the exact {@code 111111111111,ci-bot}: the exact entry wins every
 * day; alice (console and a key) holds a console password on an access-keys entry: violation; carol (account named
 * "team a/b", user and credentials padded and capitalised) is allowed up to 03-02 and expired from 03-03; dave (key
 * only) matches three console globs by account ID, all violations: {@code *ave} and {@code da?e} expire last (2028),
 * and of those {@code *ave} sorts first, so it decides; frank (account "shared" 333333333333) matches
 * {@code shared,frank} (by name, expires 02-26) and {@code 333333333333,fr*} (by ID, glob, expires 03-01): exact
 * name wins up to 02-26, the glob on 03-01 (the name entry expired), the exact name again once both expired;
 * legacy's entry expired the day before the first report; bob's glob {@code corp?z-1} matches his {@code _};
 * {@code e_in} and {@code a.ice} never match erin and alice (literal {@code _} and {@code .}); grace (no credentials)
 * is allowed in 444444444444 but not a finding nor under review; old-admin, erin and the root rows are not listed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AllowlistViewsTest {

    @RegisterExtension
    static final ViewsOnFolder views = new ViewsOnFolder(ReportFixtures::copyWithAllowlistTo);

    @Nested
    class The_allowlist_table {

        @Test
        void is_read_from_the_allowlist_folder_beside_the_credential_reports() {
            assertThat(views.athena().folder().allowlist())
                    .isEqualTo(views.data().resolve("allowlist").toAbsolutePath().normalize());
            QueryResult properties = views.athena().execute("<test>", "select * from \"allowlist$properties\"");
            assertThat(properties.columns()).doesNotContain("projection.enabled", "skip.header.line.count");
        }

        @Test
        void allowlist_entries_drops_comments_blank_lines_and_the_header_and_types_every_entry() {
            assertThat(views.rows("""
                    select account, user_pattern, credentials, owner, reason, ticket, expires, user_like, is_exact_user
                    from allowlist_entries order by account, user_pattern"""))
                    .containsExactly(
                            row("*", "a.ice", "both", "nobody@example.com", ". is literal: never matches alice", null,
                                    day("2027-01-01"), "a.ice", true),
                            row("*", "ci-*", "both", "ci@example.com", "Every CI user", "PLAT-2", day("2026-03-01"), "ci-%", false),
                            row("*", "e_in", "both", "nobody@example.com", "_ is literal: never matches erin", null,
                                    day("2027-01-01"), "e\\_in", true),
                            row("*", "legacy", "console", "legacy@example.com", "Expired before the first report", null,
                                    day("2026-02-18"), "legacy", true),
                            row("111111111111", "ci-bot", "access-keys", "platform@example.com", "CI pipeline, deploys prod",
                                    "PLAT-1", day("2027-01-01"), "ci-bot", true),
                            row("222222222222", "*ave", "console", "dave-team@example.com", "Latest expiry among equal globs",
                                    "T-8", day("2028-01-01"), "%ave", false),
                            row("222222222222", "d?ve", "console", "dave@example.com", "Console only", "T-4",
                                    day("2027-01-01"), "d_ve", false),
                            row("222222222222", "da?e", "console", "nobody@example.com", "Same expiry: *ave sorts first", null,
                                    day("2028-01-01"), "da_e", false),
                            row("333333333333", "fr*", "both", "ops@example.com", "Glob by account ID", "T-6",
                                    day("2026-03-01"), "fr%", false),
                            row("444444444444", "grace", "both", "grace@example.com", "No credentials at all", null,
                                    day("2027-01-01"), "grace", true),
                            row("prod", "alice", "access-keys", "alice@example.com", "Keys for the billing export", null,
                                    day("2026-12-31"), "alice", true),
                            row("prod", "bob+ops=x.y@corp?z-1", "console", "bob@example.com", "Special characters", "T-7",
                                    day("2027-01-01"), "bob+ops=x.y@corp_z-1", false),
                            row("shared", "frank", "console", "frank@example.com", "Named by account name", "T-5",
                                    day("2026-02-26"), "frank", true),
                            row("team a/b", "carol", "console", "carol@example.com", "Vendor \"Acme\" console", "T-3",
                                    day("2026-03-02"), "carol", true));
        }
    }

    @Nested
    class The_iam_users_allowlist_columns {

        /** The SQL and Allowlist.decide, over the same fixture allowlist and every user row of every day. */
        @Test
        void agree_with_Allowlist_decide_on_every_user_of_every_day() throws IOException {
            Allowlist allowlist = Allowlist.parse("allowlist.csv", Files.readAllBytes(ReportFixtures.allowlistFixture()));
            List<List<Object>> users = views.rows("""
                    select dt, account_id, account_name, user_name, coalesce(has_console_access, false), active_access_keys > 0,
                        allowlist_status, allowlist_owner, allowlist_reason, allowlist_ticket, allowlist_expires
                    from iam_users order by dt, account_id, user_name""");

            List<List<Object>> expected = new ArrayList<>();
            Set<String> statuses = new TreeSet<>();
            for (List<Object> user : users) {
                Allowlist.Decision decision = allowlist.decide((String) user.get(1), (String) user.get(2), (String) user.get(3),
                        (Boolean) user.get(4), (Boolean) user.get(5), (LocalDate) user.get(0));
                AllowlistEntry entry = decision.entry();
                statuses.add(decision.status().label());
                expected.add(row(user.get(0), user.get(1), user.get(2), user.get(3), user.get(4), user.get(5),
                        decision.status().label(),
                        entry == null ? null : entry.owner(),
                        entry == null ? null : entry.reason(),
                        entry == null ? null : entry.ticket(),
                        entry == null ? null : entry.expires()));
            }

            assertThat(users).hasSize(49);
            assertThat(users).isEqualTo(expected);
            assertThat(statuses).containsExactly("allowed", "expired", "not_listed", "violation");
        }

        @Test
        void decide_per_user_and_day_as_the_fixture_describes() {
            assertThat(views.rows("""
                    select dt, account_id, user_name, allowlist_status, allowlist_ticket, allowlist_expires from iam_users
                    where user_name in ('ci-bot', 'frank', 'carol', 'legacy', 'bob+ops=x.y@corp_z-1', 'erin', '<root_account>')
                        and dt in (date '2026-02-19', date '2026-03-01', date '2026-03-02', date '2026-03-03')
                    order by user_name, account_id, dt"""))
                    .containsExactly(
                            row(day("2026-02-19"), "111111111111", "<root_account>", "not_listed", null, null),
                            row(day("2026-03-01"), "111111111111", "<root_account>", "not_listed", null, null),
                            row(day("2026-03-02"), "111111111111", "<root_account>", "not_listed", null, null),
                            row(day("2026-03-03"), "111111111111", "<root_account>", "not_listed", null, null),
                            row(day("2026-03-01"), "222222222222", "<root_account>", "not_listed", null, null),
                            row(day("2026-03-02"), "222222222222", "<root_account>", "not_listed", null, null),
                            row(day("2026-03-03"), "222222222222", "<root_account>", "not_listed", null, null),
                            row(day("2026-02-19"), "111111111111", "bob+ops=x.y@corp_z-1", "allowed", "T-7", day("2027-01-01")),
                            row(day("2026-03-01"), "111111111111", "bob+ops=x.y@corp_z-1", "allowed", "T-7", day("2027-01-01")),
                            row(day("2026-03-02"), "111111111111", "bob+ops=x.y@corp_z-1", "allowed", "T-7", day("2027-01-01")),
                            row(day("2026-03-03"), "111111111111", "bob+ops=x.y@corp_z-1", "allowed", "T-7", day("2027-01-01")),
                            row(day("2026-03-01"), "222222222222", "carol", "allowed", "T-3", day("2026-03-02")),
                            row(day("2026-03-02"), "222222222222", "carol", "allowed", "T-3", day("2026-03-02")),
                            row(day("2026-03-03"), "222222222222", "carol", "expired", "T-3", day("2026-03-02")),
                            row(day("2026-02-19"), "111111111111", "ci-bot", "allowed", "PLAT-1", day("2027-01-01")),
                            row(day("2026-03-01"), "111111111111", "ci-bot", "allowed", "PLAT-1", day("2027-01-01")),
                            row(day("2026-03-02"), "111111111111", "ci-bot", "allowed", "PLAT-1", day("2027-01-01")),
                            row(day("2026-03-03"), "111111111111", "ci-bot", "allowed", "PLAT-1", day("2027-01-01")),
                            row(day("2026-03-02"), "111111111111", "erin", "not_listed", null, null),
                            row(day("2026-03-03"), "111111111111", "erin", "not_listed", null, null),
                            row(day("2026-02-19"), "333333333333", "frank", "allowed", "T-5", day("2026-02-26")),
                            row(day("2026-03-01"), "333333333333", "frank", "allowed", "T-6", day("2026-03-01")),
                            row(day("2026-03-02"), "333333333333", "frank", "expired", "T-5", day("2026-02-26")),
                            row(day("2026-02-19"), "111111111111", "legacy", "expired", null, day("2026-02-18")));
        }

        @Test
        void read_the_reports_once_and_the_allowlist_once_and_only_when_asked_for() throws IOException {
            long allowlistBytes = Files.size(views.data().resolve("allowlist/allowlist.csv"));
            QueryResult without = views.athena().execute("<test>", "select count(*), count(arn) from iam_users");
            QueryResult with = views.athena().execute("<test>",
                    "select count(*), count_if(allowlist_status = 'allowed'), count(allowlist_owner) from iam_users");

            assertThat(with.physicalInputBytes() - without.physicalInputBytes()).isEqualTo(allowlistBytes);
            assertThat(views.rows("explain select dt, count(*) from iam_users group by dt").toString()).doesNotContain("allowlist");
        }

        @Test
        void are_appended_after_the_existing_columns() {
            List<String> columns = views.athena().execute("<test>", "select * from iam_users limit 0").columns();
            assertThat(columns.subList(columns.indexOf("source_file"), columns.size())).containsExactly(
                    "source_file", "allowlist_status", "allowlist_owner", "allowlist_reason", "allowlist_ticket", "allowlist_expires");
            List<String> console = views.athena().execute("<test>", "select * from console_users limit 0").columns();
            assertThat(console.subList(console.indexOf("days_since_last_activity"), console.size())).containsExactly(
                    "days_since_last_activity", "allowlist_status", "allowlist_owner", "allowlist_expires");
        }
    }

    @Nested
    class The_console_users_view {

        @Test
        void carries_the_status_owner_and_expiry() {
            assertThat(views.rows("""
                    select dt, account_id, user_name, allowlist_status, allowlist_owner, allowlist_expires from console_users
                    where dt = date '2026-03-03' order by account_id, user_name"""))
                    .containsExactly(
                            row(day("2026-03-03"), "111111111111", "alice", "violation", "alice@example.com", day("2026-12-31")),
                            row(day("2026-03-03"), "111111111111", "erin", "not_listed", null, null),
                            row(day("2026-03-03"), "222222222222", "carol", "expired", "carol@example.com", day("2026-03-02")));
        }
    }

    @Nested
    class The_allowlist_findings_view {

        @Test
        void lists_expired_and_violating_users_per_day_with_the_entry_that_decided() {
            // a view's rows come in no particular order: sort them as the expected rows are
            assertThat(views.rows("select * from allowlist_findings order by dt, account_id, user_name")).containsExactly(
                    finding("2026-02-19", "111111111111", "prod", "alice", "violation", "both", "alice@example.com",
                            "Keys for the billing export", null, "2026-12-31", null),
                    finding("2026-02-19", "111111111111", "prod", "legacy", "expired", "console", "legacy@example.com",
                            "Expired before the first report", null, "2026-02-18", 1L),
                    finding("2026-02-26", "111111111111", "prod", "alice", "violation", "both", "alice@example.com",
                            "Keys for the billing export", null, "2026-12-31", null),
                    finding("2026-02-26", "111111111111", "prod", "legacy", "expired", "console", "legacy@example.com",
                            "Expired before the first report", null, "2026-02-18", 8L),
                    finding("2026-03-01", "111111111111", "prod", "alice", "violation", "both", "alice@example.com",
                            "Keys for the billing export", null, "2026-12-31", null),
                    finding("2026-03-02", "111111111111", "prod", "alice", "violation", "both", "alice@example.com",
                            "Keys for the billing export", null, "2026-12-31", null),
                    finding("2026-03-02", "222222222222", "team a/b", "dave", "violation", "access-keys",
                            "dave-team@example.com", "Latest expiry among equal globs", "T-8", "2028-01-01", null),
                    finding("2026-03-02", "333333333333", "shared", "frank", "expired", "console", "frank@example.com",
                            "Named by account name", "T-5", "2026-02-26", 4L),
                    finding("2026-03-03", "111111111111", "prod", "alice", "violation", "both", "alice@example.com",
                            "Keys for the billing export", null, "2026-12-31", null),
                    finding("2026-03-03", "222222222222", "team a/b", "carol", "expired", "console", "carol@example.com",
                            "Vendor \"Acme\" console", "T-3", "2026-03-02", 1L),
                    finding("2026-03-03", "222222222222", "team a/b", "dave", "violation", "access-keys",
                            "dave-team@example.com", "Latest expiry among equal globs", "T-8", "2028-01-01", null),
                    finding("2026-03-05", "111111111111", "prod", "alice", "violation", "both", "alice@example.com",
                            "Keys for the billing export", null, "2026-12-31", null),
                    finding("2026-03-05", "222222222222", "team a/b", "carol", "expired", "console", "carol@example.com",
                            "Vendor \"Acme\" console", "T-3", "2026-03-02", 3L),
                    finding("2026-03-05", "222222222222", "team a/b", "dave", "violation", "access-keys",
                            "dave-team@example.com", "Latest expiry among equal globs", "T-8", "2028-01-01", null),
                    finding("2026-03-05", "333333333333", "shared", "frank", "expired", "console", "frank@example.com",
                            "Named by account name", "T-5", "2026-02-26", 7L));
        }

        private static List<Object> finding(String dt, String accountId, String accountName, String user, String status,
                                            String credentials, String owner, String reason, String ticket, String expires,
                                            Long daysSinceExpiry) {
            String arn = "arn:aws:iam::" + accountId + ":user/" + user;
            return row(day(dt), accountId, accountName, user, status, credentials, owner, reason, ticket, day(expires),
                    daysSinceExpiry, arn);
        }
    }

    @Nested
    class The_allowlist_review_view {

        @Test
        void sorts_every_user_holding_a_credential_into_accepted_or_to_remove() {
            assertThat(views.rows("""
                    select dt, account_id, user_name, verdict, allowlist_status, credentials_held, allowlist_owner
                    from allowlist_review where dt in (date '2026-03-01', date '2026-03-03') order by dt, account_id, user_name"""))
                    .containsExactly(
                            row(day("2026-03-01"), "111111111111", "alice", "to_remove", "violation", "both", "alice@example.com"),
                            row(day("2026-03-01"), "111111111111", "bob+ops=x.y@corp_z-1", "accepted", "allowed", "console",
                                    "bob@example.com"),
                            row(day("2026-03-01"), "111111111111", "ci-bot", "accepted", "allowed", "access-keys",
                                    "platform@example.com"),
                            row(day("2026-03-01"), "222222222222", "carol", "accepted", "allowed", "console", "carol@example.com"),
                            row(day("2026-03-01"), "333333333333", "frank", "accepted", "allowed", "console", "ops@example.com"),
                            row(day("2026-03-03"), "111111111111", "alice", "to_remove", "violation", "both", "alice@example.com"),
                            row(day("2026-03-03"), "111111111111", "ci-bot", "accepted", "allowed", "access-keys",
                                    "platform@example.com"),
                            row(day("2026-03-03"), "111111111111", "erin", "to_remove", "not_listed", "console", null),
                            row(day("2026-03-03"), "222222222222", "carol", "to_remove", "expired", "console", "carol@example.com"),
                            row(day("2026-03-03"), "222222222222", "dave", "to_remove", "violation", "access-keys",
                                    "dave-team@example.com"));
        }

        @Test
        void counts_per_day_what_is_accepted_and_what_is_still_to_remove() {
            assertThat(views.rows("""
                    select dt, count_if(verdict = 'accepted'), count_if(verdict = 'to_remove') from allowlist_review
                    group by dt order by dt"""))
                    .containsExactly(
                            row(day("2026-02-19"), 3L, 3L),
                            row(day("2026-02-26"), 3L, 2L),
                            row(day("2026-03-01"), 4L, 1L),
                            row(day("2026-03-02"), 3L, 4L),
                            row(day("2026-03-03"), 1L, 4L),
                            row(day("2026-03-05"), 1L, 4L));
        }
    }
}
