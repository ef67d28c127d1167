package dev.stocktake.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistStatus;

/** What goes wrong in the demo organization, its account directory and its allowlist, decided from the plan. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoIncidentsTest {

    @Test
    void the_full_demo_loses_one_account_for_the_last_days_and_suspends_another_halfway() {
        Incidents incidents = Incidents.plan(50, 60);

        assertThat(incidents).isEqualTo(new Incidents(16, 49, 33, 30));
        assertThat(incidents.fails(16, 48)).isFalse();
        assertThat(incidents.fails(16, 59)).isTrue();
        assertThat(incidents.fails(15, 59)).isFalse();
        assertThat(incidents.suspended(33, 29)).isFalse();
        assertThat(incidents.suspended(33, 30)).isTrue();
    }

    @Test
    void a_small_demo_still_has_both_and_a_tiny_one_has_neither() {
        assertThat(Incidents.plan(3, 4)).isEqualTo(new Incidents(1, 3, 2, 2));
        assertThat(Incidents.plan(2, 60)).isEqualTo(Incidents.NONE);
        assertThat(Incidents.plan(50, 1)).isEqualTo(Incidents.NONE);
        assertThat(Incidents.plan(3, 2).suspendedFrom()).isEqualTo(DemoOrganization.NEVER);
        assertThat(Incidents.plan(3, 2).failingFrom()).isEqualTo(1);
    }

    @Test
    void the_directory_sees_each_member_joined_when_the_simulation_created_it() {
        String moto = "{\"Accounts\":[{\"Id\":\"111111111111\",\"Name\":\"a\",\"JoinedTimestamp\":1.7643E9,\"Status\":\"ACTIVE\"},"
                + "{\"Id\":\"123456789012\",\"Name\":\"master\",\"JoinedTimestamp\":1.7643E9}],\"NextToken\":\"x\"}";

        String rewritten = new String(DemoDirectory.joinedAt(moto.getBytes(StandardCharsets.UTF_8),
                Map.of("111111111111", Instant.parse("2025-01-02T03:00:00Z"))), StandardCharsets.UTF_8);

        assertThat(rewritten).isEqualTo("{\"Accounts\":[{\"Id\":\"111111111111\",\"Name\":\"a\",\"JoinedTimestamp\":1735786800,"
                + "\"Status\":\"ACTIVE\"},{\"Id\":\"123456789012\",\"Name\":\"master\",\"JoinedTimestamp\":1.7643E9}],\"NextToken\":\"x\"}");
    }

    @Test
    void owners_are_the_teams() {
        assertThat(DemoDirectory.owner("payments-prd")).isEqualTo("payments-team@example.com");
        assertThat(DemoDirectory.owner("data-platform-2-stg")).isEqualTo("data-platform-2-team@example.com");
    }

    @Test
    void the_allowlist_gives_one_user_each_status_on_the_last_day_outside_the_accounts_without_a_report() {
        List<DemoAllowlist.Entry> entries = checkedAllowlist(50, 60, 42);

        assertThat(entries).extracting(DemoAllowlist.Entry::status).containsExactly("allowed", "expired", "violation");
        assertThat(entries).extracting(DemoAllowlist.Entry::credentials).containsExactly("access-keys", "console", "access-keys");
    }

    @Test
    void the_allowlist_of_the_default_demo_and_of_small_ones_still_shows_what_their_users_allow() {
        assertThat(checkedAllowlist(50, 60, 5)).extracting(DemoAllowlist.Entry::status)
                .containsExactly("allowed", "expired", "violation");
        for (long seed = 1; seed <= 20; seed++) {
            // the demo's test organization: 3 accounts, 4 days; only the first account reports on the last day, and it
            // may have a single user left then: an allowed one at least, the others when there are users for them
            List<String> statuses = checkedAllowlist(3, 4, seed).stream().map(DemoAllowlist.Entry::status).toList();
            boolean anyUserLeft = DemoOrganization.generate(3, 4, LocalDate.of(2026, 1, 1), seed).accounts().getFirst().users()
                    .stream().anyMatch(user -> user.existsOn(3));
            assertThat(statuses).as("seed " + seed).isSubsetOf("allowed", "expired", "violation").doesNotHaveDuplicates();
            if (anyUserLeft) {
                assertThat(statuses).as("seed " + seed).startsWith("allowed");
            } else {
                assertThat(statuses).as("seed " + seed + ": nobody left to list").isEmpty();
            }
        }
    }

    /** The allowlist for a plan, each entry's status checked with the allowlist module's own decision on the last day. */
    private static List<DemoAllowlist.Entry> checkedAllowlist(int accounts, int days, long seed) {
        LocalDate firstDay = LocalDate.of(2026, 1, 1);
        DemoOrganization plan = DemoOrganization.generate(accounts, days, firstDay, seed);
        Map<Integer, String> ids = new HashMap<>();
        plan.accounts().forEach(account -> ids.put(account.index(), String.format("%012d", 100000 + account.index())));
        Incidents incidents = Incidents.plan(accounts, days);

        List<DemoAllowlist.Entry> entries = DemoAllowlist.choose(plan, ids,
                index -> index == incidents.failingAccount() || index == incidents.suspendedAccount());
        Allowlist allowlist = Allowlist.parse("demo", DemoAllowlist.csv(entries));

        int last = days - 1;
        for (DemoAllowlist.Entry entry : entries) {
            int index = Integer.parseInt(entry.accountId()) - 100000;
            assertThat(index).isNotIn(incidents.failingAccount(), incidents.suspendedAccount());
            DemoOrganization.DemoUser user = plan.accounts().get(index).user(entry.user());
            assertThat(user.existsOn(last)).isTrue();
            Allowlist.Decision decision = allowlist.decide(entry.accountId(), entry.accountName(), entry.user(),
                    user.consoleOn(last), !user.keys().isEmpty() && user.keysOffDay() > last && user.existsOn(last),
                    firstDay.plusDays(last));
            assertThat(decision.status()).as(entry.toString()).isEqualTo(AllowlistStatus.valueOf(entry.status().toUpperCase()));
            assertThat(decision.entry().owner()).isEqualTo(entry.owner());
        }
        return entries;
    }
}
