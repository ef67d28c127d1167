package dev.stocktake.sql.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Parquet copy's files in a local folder (the embedded Trino's {@code report_rows_compacted} location): one
 * {@code dt=<day, escaped as the engine escapes it>} folder per day.
 */
public final class FolderCompactedFiles implements CompactedFiles {

    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("uuuu/MM/dd");

    private final Path root;

    public FolderCompactedFiles(Path root) {
        this.root = root;
    }

    /**
     * The day of a partition folder or key segment {@code dt=2026%2F10%2F01} (or unescaped {@code dt=2026/10/01}
     * when the segments are joined back), empty for anything else.
     */
    public static Optional<LocalDate> dayOf(String partition) {
        if (!partition.startsWith("dt=")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(URLDecoder.decode(partition.substring(3), StandardCharsets.UTF_8), DT));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public int deleteDays(LocalDate first, LocalDate last) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> partitions = Files.list(root)) {
            for (Path partition : partitions.toList()) {
                Optional<LocalDate> day = dayOf(partition.getFileName().toString());
                if (day.isPresent() && !day.get().isBefore(first) && !day.get().isAfter(last)) {
                    deleted += deleteFiles(partition);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the compacted files of " + first + " to " + last + " under "
                    + root, e);
        }
        return deleted;
    }

    private static int deleteFiles(Path partition) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(partition)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        int files = 0;
        for (Path path : paths) {
            if (Files.isRegularFile(path) && !path.getFileName().toString().startsWith(".")) {
                files++;
            }
            if (!path.equals(partition)) {
                Files.delete(path);
            }
        }
        return files;
    }
}
