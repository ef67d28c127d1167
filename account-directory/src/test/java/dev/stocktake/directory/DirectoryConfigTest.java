package dev.stocktake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

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
}
