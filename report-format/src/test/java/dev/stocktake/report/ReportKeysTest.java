package dev.stocktake.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stocktake.report.ReportKeys.ReportKey;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportKeysTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String ID = "111122223333";
    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

    /** Keys that are not exactly a report key (after the prefix). */
    static Stream<String> notReportKeys() {
        return Stream.of(
                "2026/12/03/prod.csv",                       // the seed's layout: no ID (legacy)
                "2026/12/03/prod@11112222333.csv",           // short ID
                "2026/12/03/prod@1111222233334.csv",         // long ID
                "2026/12/03/prod@11112222333a.csv",          // not digits
                "2026/12/03/prod@.csv",                      // empty ID
                "2026/12/03/@111122223333.csv",              // no name
                "2026/12/03/prod@111122223333.CSV",          // other extension
                "2026/12/03/prod@111122223333.csv.gz",
                "2026/12/03/prod@111122223333",
                "2026/12/03/sub/prod@111122223333.csv",      // nested folder
                "2026/12/03/x/y/prod@111122223333.csv",
                "extra/2026/12/03/prod@111122223333.csv",    // a prefix left on
                "/2026/12/03/prod@111122223333.csv",
                "2026/12/3/prod@111122223333.csv",           // date folders not zero-padded
                "26/12/03/prod@111122223333.csv",
                "2026-12-03/prod@111122223333.csv",
                "2026/13/01/prod@111122223333.csv",          // impossible dates
                "2026/02/30/prod@111122223333.csv",
                "2025/02/29/prod@111122223333.csv",
                "2026/00/10/prod@111122223333.csv",
                "2026/04/31/prod@111122223333.csv",
                "2026/12/03/team%2fb@111122223333.csv",      // lower-case hex
                "2026/12/03/100%@111122223333.csv",          // bare %
                "2026/12/03/100%2@111122223333.csv",         // truncated escape
                "2026/12/03/a%ZZb@111122223333.csv",         // not hex
                "2026/12/03/.hidden@111122223333.csv",       // leading . or _ (Athena hides them)
                "2026/12/03/_x@111122223333.csv",
                "2026/12/03/..@111122223333.csv",
                "2026/12/03/a b@111122223333.csv",           // characters that must be encoded
                "2026/12/03/a@b@111122223333.csv",
                "2026/12/03/a+b@111122223333.csv",
                "2026/12/03/%61bc@111122223333.csv",         // non-canonical: an encoded letter
                "2026/12/03/%2D@111122223333.csv",           // non-canonical: an encoded '-'
                "2026/12/03/a%2Eb@111122223333.csv",         // non-canonical: an encoded '.' after the first byte
                "2026/12/03/%FF@111122223333.csv",           // bytes that are not UTF-8
                "2026/12/03/%C3@111122223333.csv",           // a cut UTF-8 sequence
                                "");
    }

    @Nested
    class Name_encoding {

        @Test
        void keeps_unreserved_characters_as_they_are() {
            assertThat(ReportKeys.encodeName("payments-prd_v2.eu")).isEqualTo("payments-prd_v2.eu");
        }

        @Test
        void encodes_spaces_slashes_percent_and_hash_in_upper_case_hex() {
            assertThat(ReportKeys.encodeName("team a/b")).isEqualTo("team%20a%2Fb");
            assertThat(ReportKeys.encodeName("100% #1")).isEqualTo("100%25%20%231");
            assertThat(ReportKeys.encodeName("a:b")).isEqualTo("a%3Ab");
        }

        @Test
        void encodes_the_at_sign_so_the_account_id_suffix_stays_unambiguous() {
            assertThat(ReportKeys.encodeName("ops@corp")).isEqualTo("ops%40corp").doesNotContain("@");
        }

        @Test
        void encodes_non_ascii_and_emoji_as_their_utf8_bytes() {
            assertThat(ReportKeys.encodeName("本番 é")).isEqualTo("%E6%9C%AC%E7%95%AA%20%C3%A9");
            assertThat(ReportKeys.encodeName("prd 🚀")).isEqualTo("prd%20%F0%9F%9A%80");
        }

        @Test
        void encodes_a_leading_dot_or_underscore_which_athena_would_hide_but_keeps_later_ones() {
            assertThat(ReportKeys.encodeName(".hidden")).isEqualTo("%2Ehidden");
            assertThat(ReportKeys.encodeName("_staging")).isEqualTo("%5Fstaging");
            assertThat(ReportKeys.encodeName("a.b_c")).isEqualTo("a.b_c");
            assertThat(ReportKeys.encodeName("__x")).isEqualTo("%5F_x");
        }

        @Test
        void encodes_dot_names_that_would_be_path_navigation() {
            assertThat(ReportKeys.encodeName(".")).isEqualTo("%2E");
            assertThat(ReportKeys.encodeName("..")).isEqualTo("%2E.");
            assertThat(ReportKeys.reportKey("", DAY, "..", ID)).isEqualTo("2026/12/03/%2E.@" + ID + ".csv");
        }

        @ParameterizedTest
        @ValueSource(strings = {"team a/b", "100% #1", "ops@corp", "本番 é", "prd 🚀", ".", "..", ".hidden", "_x", "a+b=c,d",
                "x", "%", "%25", "a%2Fb", "Production Account (Legacy) / EU-West #7 100%!!", "tab\there", "quote\"s"})
        void decodes_back_to_the_exact_name(String name) {
            String encoded = ReportKeys.encodeName(name);
            assertThat(encoded).matches("[A-Za-z0-9._%-]+").doesNotStartWith(".").doesNotStartWith("_");
            assertThat(ReportKeys.decodeName(encoded)).isEqualTo(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"team a/b", "ops@corp", "prd 🚀", ".", "..", "_x", "%", "100%", "a@111122223333"})
        void a_report_key_of_any_name_parses_back_to_its_parts(String name) {
            String key = ReportKeys.reportKey("credential-reports/", DAY, name, ID);
            assertThat(ReportKeys.parse(key.substring("credential-reports/".length())))
                    .contains(new ReportKey(DAY, name, ID));
        }

        @Test
        void a_fifty_character_name_of_special_characters_stays_one_path_segment() {
            String name = "/ %#".repeat(12) + "ab";
            assertThat(name).hasSize(50);
            String key = ReportKeys.reportKey("credential-reports/", Instant.parse("2026-11-28T00:00:00Z"), UTC, name, ID);
            assertThat(key).startsWith("credential-reports/2026/11/28/").endsWith("@" + ID + ".csv");
            assertThat(key.substring("credential-reports/2026/11/28/".length())).doesNotContain("/");
            assertThat(ReportKeys.encodeName(name)).hasSize(48 * 3 + 2);
        }

        @Test
        void rejects_an_empty_name() {
            assertThatThrownBy(() -> ReportKeys.encodeName("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
        }

        @Test
        void rejects_a_truncated_escape_when_decoding() {
            assertThatThrownBy(() -> ReportKeys.decodeName("abc%2")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Truncated");
        }
    }

    @Nested
    class Report_key {

        @Test
        void is_the_seeds_layout_plus_the_account_id() {
            Instant at = Instant.parse("2026-03-09T06:00:00Z");
            assertThat(ReportKeys.reportKey("credential-reports/", at, UTC, "team a/b", ID))
                    .isEqualTo("credential-reports/2026/03/09/team%20a%2Fb@111122223333.csv");
            assertThat(ReportKeys.reportKey("", LocalDate.of(2026, 3, 9), "payments-prd", ID))
                    .isEqualTo("2026/03/09/payments-prd@111122223333.csv");
        }

        @Test
        void two_accounts_with_one_name_get_two_keys() {
            assertThat(ReportKeys.reportKey("", DAY, "prod", ID)).isNotEqualTo(ReportKeys.reportKey("", DAY, "prod", "444455556666"));
        }

        @Test
        void is_dated_in_the_configured_time_zone() {
            Instant evening = Instant.parse("2026-11-28T20:00:00Z");
            assertThat(ReportKeys.reportKey("", evening, ZoneId.of("Asia/Tokyo"), "x", ID)).startsWith("2026/11/29/");
            assertThat(ReportKeys.reportKey("", evening, UTC, "x", ID)).startsWith("2026/11/28/");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "11112222333", "1111222233334", "11112222333a", "111122223333 ", "１１１１２２２２３３３３"})
        void refuses_an_account_id_that_is_not_12_digits(String id) {
            assertThatThrownBy(() -> ReportKeys.reportKey("", DAY, "prod", id))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 digits");
        }
    }

    @Nested
    class Parse {

        @Test
        void reads_the_day_the_decoded_name_and_the_account_id() {
            assertThat(ReportKeys.parse("2026/12/03/team%20a%2Fb@111122223333.csv"))
                    .contains(new ReportKey(DAY, "team a/b", ID));
            assertThat(ReportKeys.parse("2024/02/29/%2Ex@000000000001.csv"))
                    .contains(new ReportKey(LocalDate.of(2024, 2, 29), ".x", "000000000001"));
        }

        @ParameterizedTest
        @MethodSource("dev.stocktake.report.ReportKeysTest#notReportKeys")
        void refuses_everything_that_is_not_exactly_a_report_key(String key) {
            assertThat(ReportKeys.parse(key)).as(key).isEmpty();
        }

        @Test
        void accepts_the_canonical_encoding_of_a_leading_dot_and_underscore() {
            assertThat(ReportKeys.parse("2026/12/03/%5F_x@111122223333.csv")).contains(new ReportKey(DAY, "__x", ID));
            assertThat(ReportKeys.parse("2026/12/03/%2E.@111122223333.csv")).contains(new ReportKey(DAY, "..", ID));
        }
    }

    @Nested
    class Details_key {

        @Test
        void is_the_reports_day_name_and_id_under_its_own_prefix_ending_json() {
            Instant at = Instant.parse("2026-03-09T06:00:00Z");
            assertThat(ReportKeys.detailsKey(ReportKeys.DEFAULT_DETAILS_PREFIX, at, UTC, "team a/b", ID))
                    .isEqualTo("iam-details/2026/03/09/team%20a%2Fb@111122223333.json");
            assertThat(ReportKeys.detailsKey("", LocalDate.of(2026, 3, 9), "payments-prd", ID))
                    .isEqualTo("2026/03/09/payments-prd@111122223333.json");
            assertThat(ReportKeys.DEFAULT_DETAILS_PREFIX).isEqualTo("iam-details/");
        }

        @ParameterizedTest
        @ValueSource(strings = {"team a/b", "ops@corp", "prd 🚀", ".", "..", "_x", "%", "100%", "a@111122223333",
                "Production Account (Legacy) / EU-West #7 100%!!"})
        void of_any_name_matches_the_report_key_of_the_same_collection_and_parses_back(String name) {
            Instant at = Instant.parse("2026-11-28T23:30:00Z");
            ZoneId tokyo = ZoneId.of("Asia/Tokyo");
            String report = ReportKeys.reportKey("credential-reports/", at, tokyo, name, ID);
            String details = ReportKeys.detailsKey("iam-details/", at, tokyo, name, ID);
            assertThat(details.substring("iam-details/".length()).replaceFirst("\\.json$", ".csv"))
                    .isEqualTo(report.substring("credential-reports/".length()));
            assertThat(details).startsWith("iam-details/2026/11/29/");
            assertThat(ReportKeys.parseDetails(details.substring("iam-details/".length())))
                    .contains(new ReportKey(LocalDate.of(2026, 11, 29), name, ID));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "11112222333", "11112222333a"})
        void refuses_an_account_id_that_is_not_12_digits(String id) {
            assertThatThrownBy(() -> ReportKeys.detailsKey("", DAY, "prod", id))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 digits");
        }

        @Test
        void a_report_key_is_not_a_details_key_and_a_details_key_is_not_a_report_key() {
            assertThat(ReportKeys.parseDetails("2026/12/03/prod@111122223333.csv")).isEmpty();
            assertThat(ReportKeys.parse("2026/12/03/prod@111122223333.json")).isEmpty();
            assertThat(ReportKeys.parseDetails("2026/12/03/prod@111122223333.json")).contains(new ReportKey(DAY, "prod", ID));
            assertThat(ReportKeys.parseDetails("2026/12/03/prod@111122223333.JSON")).isEmpty();
            assertThat(ReportKeys.parseDetails("2026/12/03/prod@111122223333.jsonl")).isEmpty();
            assertThat(ReportKeys.parseDetails("2026/12/03/prod@111122223333.json.gz")).isEmpty();
        }

        @ParameterizedTest
        @MethodSource("dev.stocktake.report.ReportKeysTest#notReportKeys")
        void refuses_what_parse_refuses_with_the_json_extension(String notAReportKey) {
            String key = notAReportKey.replace(".csv", ".json").replace(".CSV", ".JSON");
            assertThat(ReportKeys.parseDetails(key)).as(key).isEmpty();
        }
    }

    @Nested
    class Date_path {

        @Test
        void is_the_collection_date_in_utc_by_default() {
            assertThat(ReportKeys.datePath(Instant.parse("2026-01-05T23:59:59Z"), UTC)).isEqualTo("2026/01/05/");
        }

        @Test
        void follows_the_configured_time_zone_across_midnight() {
            Instant evening = Instant.parse("2026-11-28T20:00:00Z");
            assertThat(ReportKeys.datePath(evening, ZoneId.of("Asia/Tokyo"))).isEqualTo("2026/11/29/");
            assertThat(ReportKeys.datePath(Instant.parse("2026-11-28T03:00:00Z"), ZoneId.of("America/Los_Angeles")))
                    .isEqualTo("2026/11/27/");
        }

        @Test
        void of_a_day_is_zero_padded() {
            assertThat(ReportKeys.datePath(LocalDate.of(2026, 3, 9))).isEqualTo("2026/03/09/");
        }
    }
}
