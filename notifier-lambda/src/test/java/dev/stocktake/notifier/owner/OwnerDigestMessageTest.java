package dev.stocktake.notifier.owner;

import static dev.stocktake.notifier.testing.Html.visibleText;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.notifier.digest.Migration;
import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.sql.athena.ResultTable;

/**
 * One owner's email from a hand-built result of {@code owner_users.sql} (the query's columns): exact HTML text and
 * plain text, grouped by verdict in the digest's order, hostile names escaped, the list cut at the configured maximum;
 * the split of owners with and without an address.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnerDigestMessageTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 15);
    static final List<String> COLUMNS = List.of("dt", "owner", "owner_source", "account_id", "account_name", "user_name",
            "verdict", "has_console_access", "active_access_keys", "last_activity", "idle_days", "action");
    static final String IMG = "<img src=x onerror=alert(1)>";

    static final OwnerDigestConfig CONFIG = new OwnerDigestConfig(200, null, "stocktake@example.com", null);

    /** team-a@example.com with four users (one hostile), Alice in another case, a team without an address, no owner. */
    static ResultTable fixture() {
        return new ResultTable(COLUMNS, List.of(
                row("Team-A@example.com", "user_tag", "111111111111", "prod", "alice", "ready_to_remove", "true", "0",
                        "2025-11-01 10:00:00.000", "134", "remove the IAM user: alice@example.com signs in through IAM Identity Center"),
                row("team-a@example.com", "account_tag", "111111111111", "prod", "ci-deploy", "machine_user", "false", "1",
                        "2026-03-14 22:00:00.000", "1", "move to a role: the key last used s3, sts"),
                row("team-a@example.com", "account_tag", "222222222222", "sandbox <&>", IMG, "no_identity", "true", "0",
                        null, "73", "find the person: no Identity Center user matches"),
                row("team-a@example.com", "account_tag", "222222222222", "sandbox <&>", "bob", "needs_assignment", "true", "0",
                        "2026-03-10 08:00:00.000", "5", "assign bob@example.com to this account in Identity Center"),
                row("<lab> & co", "account_tag", "333333333333", "lab", "carol", "no_identity", "true", "0", null, "10", "x"),
                row(null, "none", "444444444444", "legacy", "dave", "needs_assignment", "true", "0", null, "3", "y")));
    }

    /** A row of the day: {@code dt} and the other columns. */
    static List<String> row(String... values) {
        List<String> row = new java.util.ArrayList<>(List.of("2026-03-15"));
        row.addAll(Arrays.asList(values));
        return row;
    }

    static Migration migration(boolean withMilestone) {
        List<Migration.Milestone> milestones = withMilestone ? List.of(new Migration.Milestone("organization", "",
                LocalDate.of(2026, 6, 30), 100, "under 100", true, DAY, 130L, 30L, 4L, 0L, "behind", LocalDate.of(2026, 7, 20)))
                : List.of();
        return new Migration(milestones, List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void owners_are_split_into_addresses_to_mail_and_the_rest_an_address_in_any_case_being_one_owner() {
        OwnerTodos todos = OwnerTodos.read(fixture(), CONFIG);

        assertThat(todos.mailed()).extracting(OwnerTodos.OwnerList::owner).containsExactly("Team-A@example.com");
        assertThat(todos.mailed().getFirst().users()).extracting(OwnerTodos.UserLine::userName)
                .containsExactly("alice", "ci-deploy", IMG, "bob");
        assertThat(todos.withoutAddress()).containsExactly("<lab> & co", "(no owner)");
    }

    @Test
    void an_address_outside_the_owner_email_pattern_is_not_mailed() {
        OwnerDigestConfig config = OwnerDigestConfig.fromEnv(Map.of("OWNER_DIGESTS", "true", "DIGEST_SENDER", "s@example.com",
                "OWNER_EMAIL_PATTERN", ".*@corp\\.example\\.com"));

        OwnerTodos todos = OwnerTodos.read(fixture(), config);

        assertThat(todos.mailed()).isEmpty();
        assertThat(todos.withoutAddress()).containsExactly("Team-A@example.com", "team-a@example.com", "<lab> & co", "(no owner)");
    }

    @Test
    void the_email_lists_the_owners_users_grouped_by_verdict_with_account_last_use_and_action_and_the_next_milestone() {
        OwnerTodos.OwnerList owner = OwnerTodos.read(fixture(), CONFIG).mailed().getFirst();

        SesMail.Email email = OwnerDigestMessage.render(DAY, owner, migration(true), 200);

        assertThat(email.subject()).isEqualTo("Stocktake: your 4 IAM users to remove or migrate on 2026-03-15");
        assertThat(email.attachments()).isEmpty();
        assertThat(visibleText(email.html())).isEqualTo("STOCKTAKE \u00b7 YOUR TO-DO IAM users to remove or migrate on 2026-03-15 "
                + "Team-A@example.com "
                + "You are the owner of 4 IAM users to remove or to move to IAM Identity Center (3 with console access) in 2 "
                + "accounts, as Stocktake's inventory of 2026-03-15 says. "
                + "Next milestone: under 100: at most 100 console-capable IAM users by 2026-06-30 (107 days left); now 130, 30 "
                + "above the maximum: behind; projected for 2026-07-20 at the recent pace. "
                + "ready to remove (1 IAM user) Account IAM user Last use Action "
                + "prod (111111111111) alice 2025-11-01 (134 days ago) remove the IAM user: alice@example.com signs in through IAM "
                + "Identity Center "
                + "needs assignment (1 IAM user) Account IAM user Last use Action "
                + "sandbox <&> (222222222222) bob 2026-03-10 (5 days ago) assign bob@example.com to this account in Identity Center "
                + "no identity (1 IAM user) Account IAM user Last use Action "
                + "sandbox <&> (222222222222) " + IMG + " never (created 73 days ago) find the person: no Identity Center user matches "
                + "machine user (1 IAM user) Account IAM user Last use Action "
                + "prod (111111111111) ci-deploy 2026-03-14 (1 day ago) move to a role: the key last used s3, sts "
                + "You receive this because the owner rule of Stocktake names you for these IAM users (the allowlist entry, the "
                + "user's owner tag, the account's owner tag or the OU's default owner).");
        // names from the data are text, never markup
        assertThat(email.html()).doesNotContain(IMG).contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;")
                .contains("sandbox &lt;&amp;&gt;");
        assertThat(email.text()).isEqualTo("Stocktake: IAM users of Team-A@example.com to remove or migrate on 2026-03-15\r\n\r\n"
                + "You are the owner of 4 IAM users to remove or to move to IAM Identity Center (3 with console access) in 2 "
                + "accounts, as Stocktake's inventory of 2026-03-15 says.\r\n"
                + "Next milestone: under 100: at most 100 console-capable IAM users by 2026-06-30 (107 days left); now 130, 30 "
                + "above the maximum: behind; projected for 2026-07-20 at the recent pace.\r\n"
                + "\r\nready to remove (1 IAM user)\r\n"
                + "  alice in prod (111111111111): last use 2025-11-01 (134 days ago); remove the IAM user: alice@example.com signs "
                + "in through IAM Identity Center\r\n"
                + "\r\nneeds assignment (1 IAM user)\r\n"
                + "  bob in sandbox <&> (222222222222): last use 2026-03-10 (5 days ago); assign bob@example.com to this account in "
                + "Identity Center\r\n"
                + "\r\nno identity (1 IAM user)\r\n"
                + "  " + IMG + " in sandbox <&> (222222222222): last use never (created 73 days ago); find the person: no Identity "
                + "Center user matches\r\n"
                + "\r\nmachine user (1 IAM user)\r\n"
                + "  ci-deploy in prod (111111111111): last use 2026-03-14 (1 day ago); move to a role: the key last used s3, sts\r\n"
                + "\r\nYou receive this because the owner rule of Stocktake names you for these IAM users (the allowlist entry, the "
                + "user's owner tag, the account's owner tag or the OU's default owner).\r\n");
    }

    @Test
    void the_list_stops_at_the_maximum_and_counts_the_rest_without_a_milestone_it_says_so() {
        OwnerTodos.OwnerList owner = OwnerTodos.read(fixture(), CONFIG).mailed().getFirst();

        SesMail.Email email = OwnerDigestMessage.render(DAY, owner, migration(false), 2);

        assertThat(email.text()).contains("No milestone configured.\r\n")
                .contains("\r\nready to remove (1 IAM user)\r\n  alice in prod")
                .contains("\r\nneeds assignment (1 IAM user)\r\n  bob in sandbox")
                .doesNotContain("no identity").doesNotContain("machine user").doesNotContain("ci-deploy")
                .contains("\r\nAnd 2 more not listed here (the dashboard's To remove table, filtered by owner, lists them all).\r\n");
        assertThat(visibleText(email.html())).contains("and 2 more not listed here").doesNotContain("ci-deploy");
    }

    @Test
    void the_owner_is_hashed_for_markers_and_logs_and_redacted_in_error_messages() {
        assertThat(OwnerDigests.channel("Team-A@example.com")).isEqualTo(OwnerDigests.channel("team-a@example.com"))
                .matches("owner-[0-9a-f]{16}").doesNotContain("team");
        assertThat(OwnerDigests.channel("team-b@example.com")).isNotEqualTo(OwnerDigests.channel("team-a@example.com"));
        assertThat(OwnerDigests.redacted("team-a@example.com")).isEqualTo("t***@example.com");
        assertThat(OwnerDigests.redactAddresses("Email address not verified team-a@example.com, stocktake@example.com"))
                .isEqualTo("Email address not verified t***@example.com, s***@example.com");
    }
}
