package dev.stocktake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.support.storage.ObjectLockRetention;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DirectoryConfigTest {

    @Test
    void defaults_to_the_accounts_prefix_and_utc() {
        DirectoryConfig config = DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports"));
        assertThat(config.directoryPrefix()).isEqualTo("accounts/");
        assertThat(config.timeZone().getId()).isEqualTo("UTC");
        assertThat(config.kmsKeyArn()).isNull();
    }

    @Test
    void a_missing_bucket_names_the_variable() {
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of())).hasMessageStartingWith("REPORT_BUCKET is not set");
    }

    @Test
    void a_malformed_prefix_names_the_directory_variable() {
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports", "DIRECTORY_PREFIX", "accounts")))
                .hasMessageStartingWith("DIRECTORY_PREFIX='accounts' is not valid");
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports", "DIRECTORY_PREFIX", "")))
                .hasMessageStartingWith("DIRECTORY_PREFIX is empty");
    }

    @Test
    void without_lock_variables_there_is_no_lock() {
        assertThat(DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports")).lock()).isNull();
    }

    @Test
    void the_lock_variables_give_the_exports_retention() {
        DirectoryConfig config = DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports",
                "EXPORT_LOCK_MODE", "COMPLIANCE", "EXPORT_LOCK_DAYS", "400"));
        assertThat(config.lock()).isEqualTo(new ObjectLockRetention(ObjectLockRetention.Mode.COMPLIANCE, 400));
    }

    @Test
    void one_lock_variable_without_the_other_names_the_missing_one() {
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports", "EXPORT_LOCK_MODE", "GOVERNANCE")))
                .hasMessageStartingWith("EXPORT_LOCK_DAYS is not set but EXPORT_LOCK_MODE='GOVERNANCE' is");
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports", "EXPORT_LOCK_DAYS", "30")))
                .hasMessageStartingWith("EXPORT_LOCK_MODE is not set but EXPORT_LOCK_DAYS='30' is");
    }

    @Test
    void a_malformed_lock_names_the_variable() {
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports",
                "EXPORT_LOCK_MODE", "governance", "EXPORT_LOCK_DAYS", "30")))
                .hasMessageStartingWith("EXPORT_LOCK_MODE='governance' is not valid: expected GOVERNANCE or COMPLIANCE");
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports",
                "EXPORT_LOCK_MODE", "GOVERNANCE", "EXPORT_LOCK_DAYS", "0")))
                .hasMessageStartingWith("EXPORT_LOCK_DAYS='0' is not valid");
        assertThatThrownBy(() -> DirectoryConfig.fromEnv(Map.of("REPORT_BUCKET", "stocktake-reports",
                "EXPORT_LOCK_MODE", "GOVERNANCE", "EXPORT_LOCK_DAYS", "40000")))
                .hasMessageStartingWith("EXPORT_LOCK_DAYS='40000' is not valid: expected a whole number of days from 1 to 36500");
    }
}
