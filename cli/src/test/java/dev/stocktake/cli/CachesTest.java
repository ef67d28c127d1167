package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CachesTest {

    @Test
    void the_folder_comes_from_stocktake_cache_then_xdg_cache_home_then_home() {
        assertThat(Caches.directory(Map.of("STOCKTAKE_CACHE", "/c", "XDG_CACHE_HOME", "/x", "HOME", "/h"))).isEqualTo(Path.of("/c"));
        assertThat(Caches.directory(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/h"))).isEqualTo(Path.of("/x/stocktake"));
        assertThat(Caches.directory(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.cache/stocktake"));
        assertThat(Caches.directory(Map.of("STOCKTAKE_CACHE", "off", "HOME", "/h"))).as("turned off").isNull();
        assertThat(Caches.directory(Map.of("STOCKTAKE_CACHE", "OFF"))).isNull();
        assertThat(Caches.directory(Map.of())).as("no home: no cache").isNull();
    }

    @Test
    void the_folder_is_made_for_its_owner_only_and_a_folder_that_cannot_be_made_turns_the_cache_off(@TempDir Path dir)
            throws IOException {
        Path made = Caches.prepare(Map.of("STOCKTAKE_CACHE", dir.resolve("a/b").toString()));

        assertThat(made).isEqualTo(dir.resolve("a/b")).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(Caches.prepare(Map.of("STOCKTAKE_CACHE", file.resolve("cache").toString()))).isNull();
    }
}
