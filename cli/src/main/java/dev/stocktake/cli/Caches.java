package dev.stocktake.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the command keeps what it can reuse between runs: the shipped views' definitions (so the engine does not
 * analyse them again) and which report files each day rejects (so a question does not wait for the same check
 * twice). Nothing there is needed: delete the folder at any time, or set {@code STOCKTAKE_CACHE=off}.
 *
 * <p>{@code STOCKTAKE_CACHE} names the folder, or {@code off}; otherwise {@code $XDG_CACHE_HOME/stocktake}, else
 * {@code ~/.cache/stocktake}, as command-line tools on Linux keep their caches.
 */
public final class Caches {

    static final String VARIABLE = "STOCKTAKE_CACHE";

    private Caches() {
    }

    /**
     * The cache folder, created readable by its owner only (it names report files and why they were rejected), or
     * {@code null} when caching is off or the folder cannot be made (the command then runs without it).
     */
    public static Path prepare(Map<String, String> env) {
        Path directory = directory(env);
        if (directory == null) {
            return null;
        }
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                try {
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: its own rules apply
                }
            }
            return directory;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The cache folder named by the environment, or {@code null} when caching is off or there is no home folder. */
    static Path directory(Map<String, String> env) {
        String chosen = env.get(VARIABLE);
        if (chosen != null && !chosen.isBlank()) {
            return chosen.equalsIgnoreCase("off") ? null : Path.of(chosen);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "stocktake");
        }
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "stocktake");
    }
}
