package dev.stocktake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stocktake.support.storage.ObjectLockRetention;

import software.amazon.awssdk.regions.Region;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CollectorConfigTest {

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of(
                "REPORT_BUCKET", "stocktake-reports-111122223333",
                "MANAGEMENT_ROLE_ARN", "arn:aws:iam::999988887777:role/stocktake-org-read"));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                env.remove(keyValues[i]);
            } else {
                env.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return env;
    }

    @Test
    void applies_the_documented_defaults() {
        CollectorConfig config = CollectorConfig.fromEnv(env());
        assertThat(config.reportBucket()).isEqualTo("stocktake-reports-111122223333");
        assertThat(config.reportPrefix()).isEqualTo("credential-reports/");
        assertThat(config.reportTimeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.kmsKeyArn()).isNull();
        assertThat(config.endpointOverride()).isNull();
        assertThat(config.retention()).as("no Object Lock retention unless asked for").isNull();
    }

    @Test
    void reads_the_object_lock_retention() {
        assertThat(CollectorConfig.fromEnv(env("REPORT_LOCK_MODE", "GOVERNANCE", "REPORT_LOCK_DAYS", "400")).retention())
                .isEqualTo(new ObjectLockRetention(ObjectLockRetention.Mode.GOVERNANCE, 400));
        assertThat(CollectorConfig.fromEnv(env("REPORT_LOCK_MODE", " COMPLIANCE ", "REPORT_LOCK_DAYS", "36500")).retention())
                .isEqualTo(new ObjectLockRetention(ObjectLockRetention.Mode.COMPLIANCE, 36_500));
        assertThat(CollectorConfig.fromEnv(env("REPORT_LOCK_MODE", "", "REPORT_LOCK_DAYS", "")).retention()).isNull();
    }

    @Test
    void a_retention_is_collection_time_plus_the_days() {
        assertThat(new ObjectLockRetention(ObjectLockRetention.Mode.COMPLIANCE, 30).retainUntil(Instant.parse("2026-11-28T09:30:00Z")))
                .isEqualTo(Instant.parse("2026-12-28T09:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"governance", "Compliance", "LEGAL_HOLD", "NONE", "GOVERNANCE,COMPLIANCE"})
    void an_unknown_lock_mode_names_the_variable_and_the_allowed_values(String mode) {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_LOCK_MODE", mode, "REPORT_LOCK_DAYS", "30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("REPORT_LOCK_MODE='" + mode + "' is not valid")
                .hasMessageContaining("GOVERNANCE or COMPLIANCE")
                .hasMessageContaining("unset for no per-object retention");
    }

    @Test
    void a_lock_mode_without_days_names_the_missing_variable() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_LOCK_MODE", "COMPLIANCE")))
                .hasMessageStartingWith("REPORT_LOCK_DAYS is not set but REPORT_LOCK_MODE='COMPLIANCE' is")
                .hasMessageContaining("whole number of days from 1 to 36500")
                .hasMessageContaining("or unset REPORT_LOCK_MODE for no per-object retention");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "30d", "036", "36501", "99999", "100000", "2147483648"})
    void lock_days_that_are_not_1_to_36500_name_the_variable(String days) {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_LOCK_MODE", "GOVERNANCE", "REPORT_LOCK_DAYS", days)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("REPORT_LOCK_DAYS='" + days + "' is not valid")
                .hasMessageContaining("whole number of days from 1 to 36500")
                .hasMessageContaining("every report and IAM details file");
    }

    @Test
    void lock_days_without_a_mode_is_refused_rather_than_ignored() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_LOCK_DAYS", "30")))
                .hasMessageStartingWith("REPORT_LOCK_MODE is not set but REPORT_LOCK_DAYS='30' is")
                .hasMessageContaining("GOVERNANCE or COMPLIANCE")
                .hasMessageContaining("or unset REPORT_LOCK_DAYS");
    }

    @Test
    void reads_every_variable() {
        CollectorConfig config = CollectorConfig.fromEnv(env(
                "REPORT_PREFIX", "iam/reports/",
                "REPORT_TIME_ZONE", "Asia/Tokyo",
                "KMS_KEY_ARN", "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
        assertThat(config.reportPrefix()).isEqualTo("iam/reports/");
        assertThat(config.reportTimeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(config.kmsKeyArn()).endsWith("1234567890ab");
        assertThat(config.endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:5000"));
    }

    @Test
    void an_empty_prefix_puts_reports_at_the_bucket_root() {
        assertThat(CollectorConfig.fromEnv(env("REPORT_PREFIX", "")).reportPrefix()).isEmpty();
    }

    @Test
    void a_missing_bucket_names_the_variable() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_BUCKET", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("REPORT_BUCKET is not set");
    }

    @Test
    void a_missing_management_role_names_the_variable_and_where_to_find_it() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("MANAGEMENT_ROLE_ARN", " ")))
                .hasMessageStartingWith("MANAGEMENT_ROLE_ARN is not set").hasMessageContaining("DescribeAccount");
    }

    @Test
    void malformed_values_name_the_variable_and_the_expected_form() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_BUCKET", "My_Bucket")))
                .hasMessageStartingWith("REPORT_BUCKET='My_Bucket' is not valid");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_PREFIX", "reports")))
                .hasMessageStartingWith("REPORT_PREFIX='reports' is not valid").hasMessageContaining("ending in '/'");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_PREFIX", "/reports/")))
                .hasMessageStartingWith("REPORT_PREFIX='/reports/' is not valid");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("MANAGEMENT_ROLE_ARN", "stocktake-org-read")))
                .hasMessageStartingWith("MANAGEMENT_ROLE_ARN='stocktake-org-read' is not valid");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_TIME_ZONE", "Mars/Olympus")))
                .hasMessageStartingWith("REPORT_TIME_ZONE='Mars/Olympus' is not a time zone");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("KMS_KEY_ARN", "alias/reports")))
                .hasMessageStartingWith("KMS_KEY_ARN='alias/reports' is not valid");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("AWS_ENDPOINT_URL", "localhost:5000")))
                .hasMessageStartingWith("AWS_ENDPOINT_URL='localhost:5000'");
    }

    @Test
    void writes_iam_details_under_iam_details_by_default() {
        assertThat(CollectorConfig.fromEnv(env()).detailsPrefix()).isEqualTo("iam-details/");
        assertThat(CollectorConfig.fromEnv(env("DETAILS_ENABLED", "true")).detailsPrefix()).isEqualTo("iam-details/");
    }

    @Test
    void reads_the_details_prefix_and_the_switch() {
        assertThat(CollectorConfig.fromEnv(env("DETAILS_PREFIX", "stocktake/iam-details/")).detailsPrefix())
                .isEqualTo("stocktake/iam-details/");
        assertThat(CollectorConfig.fromEnv(env("DETAILS_PREFIX", "")).detailsPrefix()).as("empty: the bucket root").isEmpty();
        assertThat(CollectorConfig.fromEnv(env("DETAILS_ENABLED", "false")).detailsPrefix()).as("switched off").isNull();
        assertThat(CollectorConfig.fromEnv(env("DETAILS_ENABLED", "false", "DETAILS_PREFIX", "x/")).detailsPrefix()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/iam-details/", "iam-details", "iam-details//x/"})
    void a_malformed_details_prefix_names_the_variable(String prefix) {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("DETAILS_PREFIX", prefix)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DETAILS_PREFIX");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "TRUE", "0", "off"})
    void a_switch_that_is_not_true_or_false_names_the_variable(String value) {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("DETAILS_ENABLED", value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DETAILS_ENABLED='" + value + "'")
                .hasMessageContaining("true").hasMessageContaining("false");
    }

    @Test
    void the_details_prefix_cannot_be_the_report_prefix() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("DETAILS_PREFIX", "credential-reports/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DETAILS_PREFIX='credential-reports/' is the report prefix (REPORT_PREFIX)");
        assertThatThrownBy(() -> CollectorConfig.fromEnv(env("REPORT_PREFIX", "", "DETAILS_PREFIX", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is the report prefix");
    }

    @Test
    void organizations_is_called_in_the_partitions_home_region() {
        assertThat(CollectorFactory.organizationsRegion("arn:aws:iam::111122223333:role/x")).isEqualTo(Region.US_EAST_1);
        assertThat(CollectorFactory.organizationsRegion("arn:aws-cn:iam::111122223333:role/x")).isEqualTo(Region.CN_NORTHWEST_1);
        assertThat(CollectorFactory.organizationsRegion("arn:aws-us-gov:iam::111122223333:role/x")).isEqualTo(Region.US_GOV_WEST_1);
    }
}
