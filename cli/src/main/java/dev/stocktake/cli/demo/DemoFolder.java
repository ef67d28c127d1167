package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** The folder a demo writes into; a second run replaces the first one's reports rather than adding to them. */
final class DemoFolder {

    private DemoFolder() {
    }

    /** The reports folder, emptied of an earlier demo's reports. Refuses a folder that holds other things there. */
    static Path prepare(Path folder) {
        Path reports = folder.resolve("reports");
        try {
            if (Files.exists(reports)) {
                if (!Files.exists(folder.resolve("dashboard.html")) && !onlyReports(reports)) {
                    throw new IllegalArgumentException(folder + " already has a reports/ folder that is not an earlier demo's "
                            + "(no dashboard.html beside it); choose another --out");
                }
                deleteRecursively(reports);
                deleteRecursively(folder.resolve("data"));
                deleteRecursively(folder.resolve("remediation"));
            }
            return Files.createDirectories(reports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + reports + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code reports} holds nothing but the demo's {@code credential-reports/}, {@code accounts/} and
     * {@code allowlist/} folders (an interrupted run).
     */
    private static boolean onlyReports(Path reports) throws IOException {
        Set<String> demoFolders = Set.of(topFolder(Demo.REPORT_PREFIX), topFolder(DemoDirectory.PREFIX),
                topFolder(Demo.ALLOWLIST_KEY));
        try (Stream<Path> children = Files.list(reports)) {
            return children.allMatch(child -> demoFolders.contains(child.getFileName().toString()) && Files.isDirectory(child));
        }
    }

    private static String topFolder(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
