package dev.stocktake.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.stocktake.cli.demo.DemoIdentities.IamIdentity;
import dev.stocktake.cli.demo.DemoIdentities.Match;
import dev.stocktake.cli.demo.DemoIdentities.Verdict;
import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoIdentitiesTest {

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);

    private static DemoIdentities plan(DemoOrganization org) {
        return DemoIdentities.plan(org, 5, 90, Set.of(), reports(org));
    }

    /** As in the demo: the failing account stops reporting, the suspended one too. */
    private static DemoIdentities.Reports reports(DemoOrganization org) {
        Incidents incidents = Incidents.plan(org.accounts().size(), org.days());
        return (index, day) -> !incidents.fails(index, day) && !incidents.suspended(index, day);
    }

    @ParameterizedTest(name = "{0} accounts, {1} days")
    @CsvSource({"3, 4", "50, 60", "10, 20"})
    void the_accounts_that_report_every_day_show_every_verdict_but_allowlisted(int accounts, int days) {
        DemoOrganization org = DemoOrganization.generate(accounts, days, FIRST_DAY, 5);
        DemoIdentities identities = plan(org);

        Set<Verdict> seen = identities.verdicts(org, Set.of(), reports(org));

        assertThat(seen).containsAll(EnumSet.complementOf(EnumSet.of(Verdict.allowlisted)));
    }

    @Test
    void the_first_days_have_no_export_then_every_day_has_one() {
        assertThat(DemoIdentities.exportFrom(60)).isEqualTo(3);
        assertThat(DemoIdentities.exportFrom(4)).isEqualTo(1);
        assertThat(DemoIdentities.exportFrom(1)).isEqualTo(DemoOrganization.NEVER);
    }

    @Test
    void a_person_is_one_per_human_name_and_found_the_same_way_in_every_account() {
        DemoOrganization org = DemoOrganization.generate(50, 60, FIRST_DAY, 5);
        DemoIdentities identities = plan(org);

        for (DemoAccount account : org.accounts()) {
            for (DemoUser user : account.users()) {
                IamIdentity identity = identities.identity(account.index(), user.name());
                if (!user.name().contains(".")) {
                    assertThat(identity.match()).isEqualTo(Match.MACHINE);
                    assertThat(identities.persons()).doesNotContainKey(user.name());
                } else if (identity.match() == Match.LEAVER) {
                    assertThat(identities.persons()).doesNotContainKey(user.name());
                    assertThat(identity.assignedDay()).isEqualTo(DemoOrganization.NEVER);
                } else {
                    assertThat(identities.persons().get(user.name()).match()).isEqualTo(identity.match());
                }
                // the email tag is there exactly for the persons found by it
                assertThat(identity.emailTag() != null).isEqualTo(identity.match() == Match.EMAIL);
            }
        }
        assertThat(identities.persons().values()).extracting(DemoIdentities.Person::match)
                .contains(Match.USER_NAME, Match.EMAIL, Match.MAPPING);
    }

    @Test
    void people_get_access_before_their_iam_user_loses_its_password_or_is_deleted() {
        DemoOrganization org = DemoOrganization.generate(50, 60, FIRST_DAY, 5);
        DemoIdentities identities = plan(org);

        int assigned = 0;
        for (DemoAccount account : org.accounts()) {
            for (DemoUser user : account.users()) {
                int from = identities.accessFrom(org, account, user.name());
                if (from != DemoOrganization.NEVER) {
                    assigned++;
                    assertThat(from).isLessThan(Math.min(user.consoleOffDay(), user.deleteDay()));
                }
            }
        }
        assertThat(assigned).isGreaterThan(100);
    }

    @Test
    void the_migration_moves_people_from_needing_access_to_ready_to_remove_and_gone() {
        DemoOrganization org = DemoOrganization.generate(50, 60, FIRST_DAY, 5);
        DemoIdentities identities = plan(org);

        Map<Verdict, Long> early = counts(org, identities, 3);
        Map<Verdict, Long> late = counts(org, identities, 59);

        assertThat(late.getOrDefault(Verdict.needs_assignment, 0L)).isLessThan(early.get(Verdict.needs_assignment));
        assertThat(early.get(Verdict.ready_to_remove)).isPositive();
    }

    private static Map<Verdict, Long> counts(DemoOrganization org, DemoIdentities identities, int day) {
        Map<Verdict, Long> counts = new java.util.EnumMap<>(Verdict.class);
        for (DemoAccount account : org.accounts()) {
            for (DemoUser user : account.users()) {
                Verdict verdict = identities.verdict(org, account, user, day);
                if (verdict != null) {
                    counts.merge(verdict, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void is_the_same_for_the_same_seed() {
        DemoOrganization org = DemoOrganization.generate(50, 60, FIRST_DAY, 5);

        assertThat(plan(org)).isEqualTo(plan(org));
        assertThat(List.copyOf(plan(org).personList())).isEqualTo(plan(org).personList());
    }
}
