package dev.stocktake.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportKeysTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Nested
    class Name_encoding {

        @Test
        void keeps_unreserved_characters_as_they_are() {
            assertThat(ReportKeys.encodeName("payments-prd_v2.eu")).isEqualTo("payments-prd_v2.eu");
        }

        @Test
        void encodes_spaces_slashes_percent_and_hash() {
            assertThat(ReportKeys.encodeName("team a/b")).isEqualTo("team%20a%2Fb");
            assertThat(ReportKeys.encodeName("100% #1")).isEqualTo("100%25%20%231");
        }

        @Test
        void encodes_at_sign_so_the_account_id_suffix_stays_unambiguous() {
            assertThat(ReportKeys.encodeName("ops@corp")).isEqualTo("ops%40corp").doesNotContain("@");
        }

        @Test
        void encodes_non_ascii_as_utf8_bytes() {
            assertThat(ReportKeys.encodeName("本番 é")).isEqualTo("%E6%9C%AC%E7%95%AA%20%C3%A9");
        }

        @Test
        void encodes_dot_names_that_would_be_path_navigation() {
            assertThat(ReportKeys.encodeName(".")).isEqualTo("%2E");
            assertThat(ReportKeys.encodeName("..")).isEqualTo("%2E%2E");
            assertThat(ReportKeys.encodeName(".hidden")).isEqualTo(".hidden");
        }

        @ParameterizedTest
        @ValueSource(strings = {"team a/b", "100% #1", "ops@corp", "本番 é", ".", "..", "a+b=c,d", "x",
                "Production Account (Legacy) / EU-West #7 100%!!"})
        void decodes_back_to_the_exact_name(String name) {
            String encoded = ReportKeys.encodeName(name);
            assertThat(encoded).matches("[A-Za-z0-9._%-]+");
            assertThat(ReportKeys.decodeName(encoded)).isEqualTo(name);
        }

        @Test
        void a_fifty_character_name_of_special_characters_stays_one_path_segment() {
            String name = "/ %#".repeat(12) + "ab";
            assertThat(name).hasSize(50);
            String key = ReportKeys.primaryKey("credential-reports/", Instant.parse("2026-11-28T00:00:00Z"), UTC, name);
            assertThat(key).startsWith("credential-reports/2026/11/28/").endsWith(".csv");
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
        void primary_and_qualified_keys_follow_the_data_contract() {
            Instant at = Instant.parse("2026-03-09T06:00:00Z");
            assertThat(ReportKeys.primaryKey("credential-reports/", at, UTC, "team a/b"))
                    .isEqualTo("credential-reports/2026/03/09/team%20a%2Fb.csv");
            assertThat(ReportKeys.qualifiedKey("", at, UTC, "payments-prd", "111122223333"))
                    .isEqualTo("2026/03/09/payments-prd@111122223333.csv");
        }
    }
}
