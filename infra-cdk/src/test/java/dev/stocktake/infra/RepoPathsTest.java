package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RepoPathsTest {
    @Test
    void a_missing_collector_jar_fails_synth_with_the_command_that_builds_it(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).collectorJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("collector-lambda/target/stocktake-collector.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl collector-lambda -am package -DskipTests");
    }

    @Test
    void a_missing_account_directory_jar_fails_synth_with_the_command_that_builds_it(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).directoryJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account-directory/target/stocktake-account-directory.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl account-directory -am package -DskipTests");
    }

    @Test
    void a_missing_notifier_jar_fails_synth_with_the_command_that_builds_it(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).notifierJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("notifier-lambda/target/stocktake-notifier.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl notifier-lambda -am package -DskipTests");
    }

    @Test
    void a_missing_compaction_jar_fails_synth_with_the_command_that_builds_it(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).compactionJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compaction-lambda/target/stocktake-compaction.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl compaction-lambda -am package -DskipTests");
    }
}
