package dev.stocktake.sql.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;

/** The report files in a local folder laid out like the bucket ({@code YYYY/MM/DD/*.csv}). */
public final class FolderReportFiles implements ReportFiles {

    private final Path root;

    public FolderReportFiles(Path root) {
        this.root = root;
    }

    @Override
    public Optional<Instant> lastModified(LocalDate first, LocalDate last) {
        Optional<Instant> latest = Optional.empty();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            Path folder = root.resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(),
                    day.getDayOfMonth()));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    if (latest.isEmpty() || modified.isAfter(latest.get())) {
                        latest = Optional.of(modified);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the reports of " + day + " under " + root, e);
            }
        }
        return latest;
    }
}
