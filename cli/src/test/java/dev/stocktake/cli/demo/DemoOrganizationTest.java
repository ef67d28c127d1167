package dev.stocktake.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoOrganizationTest {

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    private final DemoOrganization org = DemoOrganization.generate(50, 60, FIRST_DAY, 5);

    private List<DemoUser> users() {
        return org.accounts().stream().flatMap(account -> account.users().stream()).toList();
    }

    @Test
    void is_shaped_like_the_reference_case_fifty_accounts_about_330_users_two_sharing_a_name() {
        Map<String, Long> names = org.accounts().stream().collect(Collectors.groupingBy(DemoAccount::name, Collectors.counting()));

        assertThat(org.accounts()).hasSize(50).allMatch(account -> account.name().matches("[a-z-]+-(prd|stg)"));
        assertThat(names).hasSize(49).containsEntry("payments-prd", 2L);
        assertThat(org.seededUsers()).isBetween(300, 360);
        assertThat(org.users() - org.seededUsers()).isBetween(3, 15);
    }

    @Test
    void mixes_console_users_with_and_without_mfa_used_and_unused_keys_and_users_that_never_signed_in() {
        List<DemoUser> seeded = users().stream().filter(user -> user.createdDay() < 0).toList();

        assertThat(seeded).anyMatch(user -> user.console() && user.mfa())
                .anyMatch(user -> user.console() && !user.mfa())
                .anyMatch(user -> user.console() && user.passwordLastUsed(org, 0) == null)
                .anyMatch(user -> !user.keys().isEmpty() && user.keyLastUsed(org, 0, 0) != null)
                .anyMatch(user -> !user.keys().isEmpty() && user.keyLastUsed(org, 0, 0) == null);
    }

    @Test
    void plays_passwords_first_then_deletions_then_keys_and_reaches_the_goal() {
        double firstPasswords = users().stream().mapToInt(DemoUser::consoleOffDay).filter(day -> day != DemoOrganization.NEVER).average().orElseThrow();
        double deletions = users().stream().mapToInt(DemoUser::deleteDay).filter(day -> day != DemoOrganization.NEVER).average().orElseThrow();
        double keys = users().stream().mapToInt(DemoUser::keysOffDay).filter(day -> day != DemoOrganization.NEVER).average().orElseThrow();
        Function<Integer, Long> consoleUsersOn = day -> users().stream().filter(user -> user.consoleOn(day)).count();

        assertThat(firstPasswords).isLessThan(deletions);
        assertThat(deletions).isLessThan(keys);
        assertThat(consoleUsersOn.apply(59)).isLessThanOrEqualTo(consoleUsersOn.apply(0) / 10);
        assertThat(consoleUsersOn.apply(59)).isPositive();
    }

    @Test
    void never_reports_a_use_after_the_report_day_or_after_the_credential_is_gone() {
        for (DemoUser user : users()) {
            for (int day = Math.max(0, user.createdDay()); day < 60; day++) {
                var used = user.passwordLastUsed(org, day);
                if (used != null) {
                    assertThat(used).isBefore(org.at(day + 1, 0, 0));
                    assertThat(used).isBefore(org.at(Math.min(user.consoleOffDay(), user.deleteDay()) == DemoOrganization.NEVER
                            ? 61 : Math.min(user.consoleOffDay(), user.deleteDay()), 0, 0));
                }
            }
        }
    }

    @Test
    void is_the_same_for_the_same_seed() {
        assertThat(DemoOrganization.generate(50, 60, FIRST_DAY, 5)).isEqualTo(org);
    }
}
