package dev.stocktake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

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
    void organizations_is_called_in_the_partitions_home_region() {
        assertThat(CollectorFactory.organizationsRegion("arn:aws:iam::111122223333:role/x")).isEqualTo(Region.US_EAST_1);
        assertThat(CollectorFactory.organizationsRegion("arn:aws-cn:iam::111122223333:role/x")).isEqualTo(Region.CN_NORTHWEST_1);
        assertThat(CollectorFactory.organizationsRegion("arn:aws-us-gov:iam::111122223333:role/x")).isEqualTo(Region.US_GOV_WEST_1);
    }
}
