package dev.stocktake.identitycenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.support.storage.ObjectLockRetention;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityCenterConfigTest {

    private static final String BUCKET = "stocktake-reports";

    @Test
    void defaults_to_the_identity_center_prefix_utc_sse_s3_the_only_instance_and_no_lock() {
        IdentityCenterConfig config = IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET));
        assertThat(config.bucket()).isEqualTo(BUCKET);
        assertThat(config.prefix()).isEqualTo("identity-center/");
        assertThat(config.timeZone().getId()).isEqualTo("UTC");
        assertThat(config.kmsKeyArn()).isNull();
        assertThat(config.instanceArn()).isNull();
        assertThat(config.endpointOverride()).isNull();
        assertThat(config.lock()).isNull();
    }

    @Test
    void every_variable_is_read() {
        IdentityCenterConfig config = IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET,
                "IDENTITY_CENTER_PREFIX", "ic/", "REPORT_TIME_ZONE", "Asia/Tokyo",
                "KMS_KEY_ARN", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "INSTANCE_ARN", "arn:aws:sso:::instance/ssoins-0123456789abcdef",
                "EXPORT_LOCK_MODE", "COMPLIANCE", "EXPORT_LOCK_DAYS", "400", "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
        assertThat(config.prefix()).isEqualTo("ic/");
        assertThat(config.timeZone().getId()).isEqualTo("Asia/Tokyo");
        assertThat(config.kmsKeyArn()).endsWith(":key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(config.instanceArn()).isEqualTo("arn:aws:sso:::instance/ssoins-0123456789abcdef");
        assertThat(config.lock()).isEqualTo(new ObjectLockRetention(ObjectLockRetention.Mode.COMPLIANCE, 400));
        assertThat(config.endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:5000"));
    }

    @Test
    void a_missing_or_malformed_bucket_names_the_variable() {
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of())).hasMessageStartingWith("REPORT_BUCKET is not set");
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", "Bad_Bucket")))
                .hasMessageStartingWith("REPORT_BUCKET='Bad_Bucket' is not valid");
    }

    @Test
    void a_malformed_or_empty_prefix_names_the_variable() {
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "IDENTITY_CENTER_PREFIX", "ic")))
                .hasMessageStartingWith("IDENTITY_CENTER_PREFIX='ic' is not valid");
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "IDENTITY_CENTER_PREFIX", "/ic/")))
                .hasMessageStartingWith("IDENTITY_CENTER_PREFIX='/ic/' is not valid");
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "IDENTITY_CENTER_PREFIX", " ")))
                .hasMessageStartingWith("IDENTITY_CENTER_PREFIX is empty");
    }

    @Test
    void a_malformed_instance_arn_names_the_variable_and_where_to_find_it() {
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET,
                "INSTANCE_ARN", "ssoins-0123456789abcdef")))
                .hasMessageStartingWith("INSTANCE_ARN='ssoins-0123456789abcdef' is not valid: expected an Identity Center"
                        + " instance ARN such as arn:aws:sso:::instance/ssoins-0123456789abcdef")
                .hasMessageContaining("Settings");
    }

    @Test
    void a_malformed_kms_key_or_time_zone_names_the_variable() {
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "KMS_KEY_ARN", "alias/stocktake")))
                .hasMessageStartingWith("KMS_KEY_ARN='alias/stocktake' is not valid");
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "REPORT_TIME_ZONE", "Tokyo")))
                .hasMessageStartingWith("REPORT_TIME_ZONE='Tokyo' is not a time zone");
    }

    @Test
    void one_lock_variable_without_the_other_names_the_missing_one() {
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "EXPORT_LOCK_MODE", "GOVERNANCE")))
                .hasMessageStartingWith("EXPORT_LOCK_DAYS is not set but EXPORT_LOCK_MODE='GOVERNANCE' is");
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET, "EXPORT_LOCK_DAYS", "30")))
                .hasMessageStartingWith("EXPORT_LOCK_MODE is not set but EXPORT_LOCK_DAYS='30' is");
    }

    @Test
    void a_malformed_lock_names_the_variable() {
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET,
                "EXPORT_LOCK_MODE", "governance", "EXPORT_LOCK_DAYS", "30")))
                .hasMessageStartingWith("EXPORT_LOCK_MODE='governance' is not valid: expected GOVERNANCE or COMPLIANCE");
        assertThatThrownBy(() -> IdentityCenterConfig.fromEnv(Map.of("REPORT_BUCKET", BUCKET,
                "EXPORT_LOCK_MODE", "GOVERNANCE", "EXPORT_LOCK_DAYS", "40000")))
                .hasMessageStartingWith("EXPORT_LOCK_DAYS='40000' is not valid: expected a whole number of days from 1 to 36500");
    }
}
