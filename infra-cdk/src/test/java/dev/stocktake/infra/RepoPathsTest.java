package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoPathsTest {
    @Test
    void aMissingCollectorJar_failsSynth_withTheCommandThatBuildsIt(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).collectorJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("collector-lambda/target/stocktake-collector.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl collector-lambda -am package -DskipTests");
    }

    @Test
    void aMissingAccountDirectoryJar_failsSynth_withTheCommandThatBuildsIt(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).directoryJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account-directory/target/stocktake-account-directory.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl account-directory -am package -DskipTests");
    }

    @Test
    void aMissingNotifierJar_failsSynth_withTheCommandThatBuildsIt(@TempDir Path root) {
        assertThatThrownBy(() -> RepoPaths.of(root).notifierJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("notifier-lambda/target/stocktake-notifier.jar does not exist")
                .hasMessageContaining("./mvnw -q -pl notifier-lambda -am package -DskipTests");
    }
}
