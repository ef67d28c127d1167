package dev.stocktake.support.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EnvironmentTest {

    @Nested
    class Required {

        @Test
        void returns_the_stripped_value_when_it_matches() {
            assertThat(Environment.required(Map.of("ATHENA_DATABASE", " stocktake "), "ATHENA_DATABASE",
                    Environment.DATABASE, Environment.DATABASE_EXPECTED)).isEqualTo("stocktake");
        }

        @Test
        void an_unset_or_blank_value_names_the_variable_and_what_it_expects() {
            assertThatThrownBy(() -> Environment.required(Map.of(), "ATHENA_DATABASE", Environment.DATABASE,
                    Environment.DATABASE_EXPECTED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ATHENA_DATABASE is not set: expected a Glue database name (lower case, digits, _) such as stocktake");
            assertThatThrownBy(() -> Environment.required(Map.of("ATHENA_DATABASE", "  "), "ATHENA_DATABASE",
                    Environment.DATABASE, Environment.DATABASE_EXPECTED))
                    .hasMessageStartingWith("ATHENA_DATABASE is not set");
        }

        @Test
        void a_malformed_value_names_the_variable_the_value_and_what_it_expects() {
            assertThatThrownBy(() -> Environment.required(Map.of("ATHENA_WORKGROUP", "two words"), "ATHENA_WORKGROUP",
                    Environment.NAME, Environment.WORKGROUP_EXPECTED))
                    .hasMessage("ATHENA_WORKGROUP='two words' is not valid: expected an Athena workgroup name such as stocktake");
        }

        @Test
        void matching_checks_a_value_taken_from_elsewhere_under_the_variables_name() {
            assertThat(Environment.matching("KMS_KEY_ARN", "arn:aws:kms:eu-west-1:111122223333:alias/reports",
                    Environment.KMS_ARN, Environment.KMS_ARN_EXPECTED)).endsWith("alias/reports");
            assertThatThrownBy(() -> Environment.matching("KMS_KEY_ARN", "alias/reports", Environment.KMS_ARN,
                    Environment.KMS_ARN_EXPECTED))
                    .hasMessage("KMS_KEY_ARN='alias/reports' is not valid: expected " + Environment.KMS_ARN_EXPECTED);
            assertThatThrownBy(() -> Environment.matching("KMS_KEY_ARN", null, Environment.KMS_ARN, Environment.KMS_ARN_EXPECTED))
                    .hasMessageStartingWith("KMS_KEY_ARN is not set");
        }
    }

    @Test
    void optional_is_null_when_unset_or_blank_and_stripped_otherwise() {
        assertThat(Environment.optional(Map.of(), "X")).isNull();
        assertThat(Environment.optional(Map.of("X", " \t"), "X")).isNull();
        assertThat(Environment.optional(Map.of("X", " v "), "X")).isEqualTo("v");
    }

    @Nested
    class Bucket {

        @Test
        void accepts_a_bucket_name() {
            assertThat(Environment.bucket(Map.of("REPORT_BUCKET", "stocktake-reports.eu-1"), "REPORT_BUCKET"))
                    .isEqualTo("stocktake-reports.eu-1");
        }

        @Test
        void an_unset_bucket_names_the_variable() {
            assertThatThrownBy(() -> Environment.bucket(Map.of(), "REPORT_BUCKET"))
                    .hasMessage("REPORT_BUCKET is not set: expected the central bucket's name (3-63 characters: a-z, 0-9, '.', '-')");
        }

        @ParameterizedTest
        @ValueSource(strings = {"My_Bucket", "ab", "-stocktake", "stocktake-", "s3://stocktake"})
        void a_name_s3_refuses_names_the_variable_and_the_value(String name) {
            assertThatThrownBy(() -> Environment.bucket("REPORT_BUCKET", name))
                    .hasMessage("REPORT_BUCKET='" + name + "' is not valid: expected the central bucket's name "
                            + "(3-63 characters: a-z, 0-9, '.', '-')");
        }

        @Test
        void two_adjacent_dots_are_refused_with_their_own_reason() {
            assertThatThrownBy(() -> Environment.bucket("REPORT_BUCKET", "stocktake..reports"))
                    .hasMessage("REPORT_BUCKET='stocktake..reports' is not valid: a bucket name has no '..'");
        }
    }

    @Nested
    class TimeZone {

        @Test
        void is_utc_when_unset_and_the_named_zone_otherwise() {
            assertThat(Environment.timeZone(Map.of(), "REPORT_TIME_ZONE")).isEqualTo(ZoneId.of("UTC"));
            assertThat(Environment.timeZone(Map.of("REPORT_TIME_ZONE", " "), "REPORT_TIME_ZONE")).isEqualTo(ZoneId.of("UTC"));
            assertThat(Environment.timeZone(Map.of("REPORT_TIME_ZONE", "Asia/Tokyo"), "REPORT_TIME_ZONE"))
                    .isEqualTo(ZoneId.of("Asia/Tokyo"));
        }

        @Test
        void an_unknown_zone_names_the_variable_and_how_to_write_one() {
            assertThatThrownBy(() -> Environment.timeZone(Map.of("REPORT_TIME_ZONE", "Mars/Olympus"), "REPORT_TIME_ZONE"))
                    .hasMessage("REPORT_TIME_ZONE='Mars/Olympus' is not a time zone: use an IANA name such as UTC, "
                            + "Asia/Tokyo or Europe/Berlin");
        }
    }

    @Nested
    class Endpoint {

        @Test
        void is_null_when_unset_and_the_url_otherwise() {
            assertThat(Environment.endpoint(null)).isNull();
            assertThat(Environment.endpoint("https://127.0.0.1:5000")).isEqualTo(URI.create("https://127.0.0.1:5000"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost:5000", "ftp://127.0.0.1:5000", "http://", "http://exa mple"})
        void anything_but_an_http_url_names_the_variable(String value) {
            assertThatThrownBy(() -> Environment.endpoint(value))
                    .hasMessage("AWS_ENDPOINT_URL='" + value + "' is not an http(s) URL, e.g. http://127.0.0.1:5000");
        }
    }

    @Nested
    class Patterns {

        @Test
        void role_arns_in_every_partition_with_or_without_a_path() {
            assertThat(matches(Environment.ROLE_ARN, "arn:aws:iam::111122223333:role/stocktake-org-read")).isTrue();
            assertThat(matches(Environment.ROLE_ARN, "arn:aws-cn:iam::111122223333:role/ops/stocktake")).isTrue();
            assertThat(matches(Environment.ROLE_ARN, "arn:aws-us-gov:iam::111122223333:role/x")).isTrue();
            assertThat(matches(Environment.ROLE_ARN, "stocktake-org-read")).isFalse();
            assertThat(matches(Environment.ROLE_ARN, "arn:aws:iam::11112222333:role/x")).as("11 digits").isFalse();
            assertThat(matches(Environment.ROLE_ARN, "arn:aws:iam::111122223333:user/x")).isFalse();
            assertThat(matches(Environment.ROLE_ARN, "arn:aws:iam::111122223333:role/")).isFalse();
        }

        @Test
        void kms_key_and_alias_arns() {
            assertThat(matches(Environment.KMS_ARN, "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                    .isTrue();
            assertThat(matches(Environment.KMS_ARN, "arn:aws:kms:eu-west-1:111122223333:alias/reports")).isTrue();
            assertThat(matches(Environment.KMS_ARN, "alias/reports")).isFalse();
            assertThat(matches(Environment.KMS_ARN, "arn:aws:s3:::bucket")).isFalse();
        }

        @Test
        void account_ids_have_exactly_twelve_digits() {
            assertThat(matches(Environment.ACCOUNT_ID, "012345678901")).isTrue();
            assertThat(matches(Environment.ACCOUNT_ID, "12345678901")).isFalse();
            assertThat(matches(Environment.ACCOUNT_ID, "1234567890123")).isFalse();
            assertThat(matches(Environment.ACCOUNT_ID, "12345678901a")).isFalse();
        }

        @Test
        void key_prefixes_are_empty_or_segments_ending_in_a_slash() {
            assertThat(matches(Environment.KEY_PREFIX, "")).isTrue();
            assertThat(matches(Environment.KEY_PREFIX, "credential-reports/")).isTrue();
            assertThat(matches(Environment.KEY_PREFIX, "iam/reports/")).isTrue();
            assertThat(matches(Environment.KEY_PREFIX, "reports")).isFalse();
            assertThat(matches(Environment.KEY_PREFIX, "/reports/")).isFalse();
            assertThat(matches(Environment.KEY_PREFIX, "iam//reports/")).isFalse();
            assertThat(matches(Environment.KEY_PREFIX, "/")).isFalse();
        }

        @Test
        void workgroup_database_address_and_secret() {
            assertThat(matches(Environment.NAME, "stocktake.primary_1-a")).isTrue();
            assertThat(matches(Environment.NAME, "two words")).isFalse();
            assertThat(matches(Environment.DATABASE, "stocktake_1")).isTrue();
            assertThat(matches(Environment.DATABASE, "Stocktake")).isFalse();
            assertThat(matches(Environment.ADDRESS, "ops+iam@example.co.jp")).isTrue();
            assertThat(matches(Environment.ADDRESS, "Ops <ops@example.com>")).isFalse();
            assertThat(matches(Environment.SECRET_ARN,
                    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stocktake/slack-AbCdEf")).isTrue();
            assertThat(matches(Environment.SECRET_ARN, "stocktake/slack")).isFalse();
        }

        private static boolean matches(Pattern pattern, String value) {
            return pattern.matcher(value).matches();
        }
    }
}
