package dev.stocktake.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.stocktake.allowlist.AllowlistException.Problem;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AllowlistTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-28");

    private static Allowlist parse(String csv) {
        return Allowlist.parse("allowlist.csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    private static final String LIST = """
            # vendors and break-glass users
            account,user,credentials,owner,reason,ticket,expires
            111122223333,vendor-backup,access-keys,ops@example.com,"Backup vendor only takes access keys, no SSO",OPS-7,2027-03-31
            payments-prd,break-glass,console,security@example.com,Emergency access,SEC-1,2026-11-28
            *,ci-*,access-keys,platform@example.com,CI pipelines of every account,,2026-06-30
            data-stg,etl?,both,data@example.com,Legacy ETL,DATA-9,2027-01-01
            """;

    @Nested
    class Deciding {

        private final Allowlist allowlist = parse(LIST);

        @Test
        void an_entry_in_force_that_allows_what_the_user_holds_allows_it() {
            assertThat(allowlist.decide("111122223333", "shop-prd", "vendor-backup", false, true, DAY).status())
                    .isEqualTo(AllowlistStatus.ALLOWED);
            assertThat(allowlist.decide("444455556666", "data-stg", "etl1", true, true, DAY).status())
                    .isEqualTo(AllowlistStatus.ALLOWED);
        }

        @Test
        void the_expiry_day_is_still_in_force_and_the_next_day_is_expired() {
            var onTheDay = allowlist.decide("999988887777", "payments-prd", "break-glass", true, false, DAY);
            assertThat(onTheDay.status()).isEqualTo(AllowlistStatus.ALLOWED);
            var after = allowlist.decide("999988887777", "payments-prd", "break-glass", true, false, DAY.plusDays(1));
            assertThat(after.status()).isEqualTo(AllowlistStatus.EXPIRED);
            assertThat(after.entry().owner()).isEqualTo("security@example.com");
        }

        @Test
        void holding_a_credential_kind_the_entry_does_not_allow_is_a_violation() {
            var decision = allowlist.decide("111122223333", "shop-prd", "vendor-backup", true, true, DAY);
            assertThat(decision.status()).isEqualTo(AllowlistStatus.VIOLATION);
            assertThat(decision.entry().line()).isEqualTo(3);
        }

        @Test
        void globs_match_whole_names_and_wildcard_accounts_match_every_account() {
            assertThat(allowlist.decide("123412341234", "any", "ci-deploy", false, true, LocalDate.parse("2026-01-01")).status())
                    .isEqualTo(AllowlistStatus.ALLOWED);
            assertThat(allowlist.decide("123412341234", "any", "my-ci-deploy", false, true, DAY).status())
                    .isEqualTo(AllowlistStatus.NOT_LISTED);
            assertThat(allowlist.decide("444455556666", "data-stg", "etl12", false, true, DAY).status())
                    .as("? is exactly one character").isEqualTo(AllowlistStatus.NOT_LISTED);
            assertThat(allowlist.decide("123412341234", "any", "ci-deploy", false, true, DAY).status())
                    .isEqualTo(AllowlistStatus.EXPIRED);
        }

        @Test
        void a_user_no_entry_names_is_not_listed_and_account_names_do_not_leak_across_accounts() {
            assertThat(allowlist.decide("999988887777", "payments-stg", "break-glass", true, false, DAY).status())
                    .isEqualTo(AllowlistStatus.NOT_LISTED);
            assertThat(allowlist.decide("999988887777", "payments-prd", "alice", true, false, DAY).entry()).isNull();
        }

        @Test
        void regex_characters_in_user_names_are_literal() {
            Allowlist dots = parse("account,user,credentials,owner,reason,ticket,expires\n*,a.b+c,both,o,r,,2030-01-01\n");
            assertThat(dots.decide("111122223333", "x", "a.b+c", true, true, DAY).status()).isEqualTo(AllowlistStatus.ALLOWED);
            assertThat(dots.decide("111122223333", "x", "aXb+c", true, true, DAY).status()).isEqualTo(AllowlistStatus.NOT_LISTED);
        }

        @Test
        void among_entries_with_the_same_status_the_most_specific_decides_whatever_the_order_of_lines() {
            String header = "account,user,credentials,owner,reason,ticket,expires\n";
            String[] lines = {
                    "*,ci-*,both,star-glob,r,,2027-01-01",
                    "*,ci-bot,both,star-exact,r,,2026-12-01",
                    "shop-prd,ci-bot,both,name-exact,r,,2026-12-01",
                    "111122223333,ci-*,both,id-glob,r,,2028-01-01",
                    "111122223333,ci-bot,both,id-exact,r,,2026-12-01",
                    "111122223333,ci-b?t,both,id-glob-later,r,,2028-06-01",
                    "111122223333,c*,both,id-glob-smallest,r,,2028-01-01"};
            List<String> order = new ArrayList<>(List.of(lines));
            for (int shuffle = 0; shuffle < 2; shuffle++) {
                Allowlist allowlist = parse(header + String.join("\n", order) + "\n");
                // exact name before glob, then account ID before name before *
                assertThat(allowlist.decide("111122223333", "shop-prd", "ci-bot", true, true, DAY).entry().owner())
                        .isEqualTo("id-exact");
                assertThat(allowlist.decide("999999999999", "shop-prd", "ci-bot", true, true, DAY).entry().owner())
                        .isEqualTo("name-exact");
                assertThat(allowlist.decide("999999999999", "other", "ci-bot", true, true, DAY).entry().owner())
                        .isEqualTo("star-exact");
                // among globs of the same account kind: the latest expiry, then the smallest user pattern
                assertThat(allowlist.decide("111122223333", "shop-prd", "ci-bat", true, true, DAY).entry().owner())
                        .isEqualTo("id-glob-later");
                assertThat(allowlist.decide("111122223333", "shop-prd", "ci-x", true, true, DAY).entry().owner())
                        .isEqualTo("id-glob-smallest");
                // a better status still beats specificity: on 2026-12-02 the exact entries have expired
                assertThat(allowlist.decide("111122223333", "shop-prd", "ci-bot", true, true, LocalDate.parse("2026-12-02")).entry()
                        .owner()).isEqualTo("id-glob-later");
                Collections.reverse(order);
            }
        }

        @Test
        void lists_the_expired_entries_as_findings() {
            assertThat(allowlist.expiredOn(DAY)).extracting(AllowlistEntry::user).containsExactly("ci-*");
        }
    }

    @Nested
    class Validating {

        @Test
        void reports_every_problem_with_its_line_and_field() {
            String csv = """
                    account,user,credentials,owner,reason,ticket,expires
                    11112222333,vendor,access-keys,ops@example.com,Vendor,,2027-01-01
                    111122223333,,console,,Reason,,2027-13-01
                    111122223333,bad user!,keys,ops@example.com,,,
                    """;

            assertThatThrownBy(() -> parse(csv))
                    .isInstanceOfSatisfying(AllowlistException.class, e -> assertThat(e.problems()).containsExactly(
                            new Problem(2, "account", "'11112222333' looks like an account ID but has 11 digits, not 12 (keep leading zeros)"),
                            new Problem(3, "user", "is empty: give an IAM user name or a glob such as 'vendor-*'"),
                            new Problem(3, "owner", "is empty: every exception needs an owner who answers for it"),
                            new Problem(3, "expires", "'2027-13-01' is not a date: use YYYY-MM-DD"),
                            new Problem(4, "user", "'bad user!' is not an IAM user name or glob (letters, digits, + = , . @ _ - and the wildcards * ?; at most 64 characters)"),
                            new Problem(4, "credentials", "'keys' must be console, access-keys or both"),
                            new Problem(4, "reason", "is empty: say why this IAM user must exist"),
                            new Problem(4, "expires", "is empty: every exception ends; give the last day as YYYY-MM-DD")))
                    .hasMessageContaining("allowlist.csv line 2, field 'account'");
        }

        @Test
        void a_duplicate_names_the_first_line() {
            assertThatThrownBy(() -> parse("""
                    account,user,credentials,owner,reason,ticket,expires
                    *,vendor,both,o,r,,2027-01-01
                    # a comment in between
                    *,vendor,console,o,r,,2027-01-01
                    """))
                    .isInstanceOfSatisfying(AllowlistException.class, e -> assertThat(e.problems()).containsExactly(
                            new Problem(4, "user", "account '*' and user 'vendor' are already listed on line 2: keep one entry per user")));
        }

        @Test
        void a_wrong_header_a_wrong_field_count_and_an_open_quote_are_explained() {
            assertThatThrownBy(() -> parse("account,user,owner\n*,x,o\n")).hasMessageContaining("the header must be exactly");
            assertThatThrownBy(() -> parse("account,user,credentials,owner,reason,ticket,expires\n*,x,both,o,r,2027-01-01\n"))
                    .hasMessageContaining("line 2: has 6 fields, expected 7");
            assertThatThrownBy(() -> parse("account,user,credentials,owner,reason,ticket,expires\n*,x,both,o,\"open,,2027-01-01\n"))
                    .hasMessageContaining("line 2: a quoted field is never closed");
            assertThatThrownBy(() -> parse("")).hasMessageContaining("has no header");
            assertThatThrownBy(() -> Allowlist.parse("a.csv", new byte[] {(byte) 0xC3, (byte) 0x28}))
                    .hasMessageContaining("is not UTF-8 text");
        }

        @Test
        void quoted_fields_may_hold_commas_and_quotes() {
            Allowlist allowlist = parse("account,user,credentials,owner,reason,ticket,expires\r\n"
                    + "\"Payments, EU\",vendor,both,\"Ops \"\"night\"\" team\",\"one, two\",,2027-01-01\r\n");
            AllowlistEntry entry = allowlist.entries().getFirst();
            assertThat(entry.account()).isEqualTo("Payments, EU");
            assertThat(entry.owner()).isEqualTo("Ops \"night\" team");
            assertThat(entry.reason()).isEqualTo("one, two");
            assertThat(entry.ticket()).isNull();
        }

        /** Athena's reader would take a quote that does not surround the whole field for the start of a field. */
        @Test
        void a_quote_that_does_not_surround_the_whole_field_is_refused_on_its_line() {
            String header = "account,user,credentials,owner,reason,ticket,expires\n";
            String stray = "a quote in the middle of an unquoted field; quote the whole field and double inner quotes";
            assertThatThrownBy(() -> parse(header + "*,x,both,o,r,,2027-01-01\n*,y,both,Ops \"night\" team,r,,2027-01-01\n"))
                    .isInstanceOfSatisfying(AllowlistException.class, e -> assertThat(e.problems())
                            .containsExactly(new Problem(3, null, stray)));
            assertThatThrownBy(() -> parse(header + "*,x,both,o,\"two\nlines\",,2027-01-01\n*,y,both,\"Ops\" team,r,,2027-01-01\n"))
                    .isInstanceOfSatisfying(AllowlistException.class, e -> assertThat(e.problems())
                            .containsExactly(new Problem(4, null, stray)));
        }

        /** Athena's OpenCSV SerDe reads the deployed file line by line and takes \ as an escape character. */
        @Test
        void line_breaks_in_quoted_fields_and_backslashes_are_refused_because_athena_would_misread_them() {
            assertThatThrownBy(() -> parse("""
                    # a comment, "with a quoted
                    line break"
                    account,user,credentials,owner,reason,ticket,expires
                    *,vendor,both,o,"line one
                    line two",,2027-01-01
                    *,ops,both,o,C:\\ops,,2027-01-01
                    """))
                    .isInstanceOfSatisfying(AllowlistException.class, e -> assertThat(e.problems()).containsExactly(
                            new Problem(1, null, "a comment holds a quoted line break: Athena reads the file line by line "
                                    + "and would take the next line for an entry; keep each comment on one line"),
                            new Problem(4, "reason", "holds a line break: Athena reads one entry per line; keep each entry on one line"),
                            new Problem(6, "reason", "holds a backslash (\\), which Athena's CSV reader takes as an escape "
                                    + "character: write it another way (e.g. with /)")));
        }

        @Test
        void the_allowlist_shipped_in_the_repository_is_valid() throws IOException {
            Allowlist shipped = Allowlist.parse("allowlist/allowlist.csv", Files.readAllBytes(Path.of("allowlist.csv")));
            assertThat(shipped.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.owner()).isNotBlank());
        }
    }
}
