package dev.stocktake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import dev.stocktake.sql.engine.S3Reports;

/**
 * What {@code --data} names, as a local folder: the folder itself, or an {@code s3://bucket/prefix}
 * copied to a temporary folder that {@link #close()} deletes.
 *
 * @param copiedFiles the reports copied from S3, or -1 when {@code --data} was a local folder
 */
record DataFolder(Path folder, boolean temporary, int copiedFiles) implements AutoCloseable {

    static DataFolder open(String data, Map<String, String> env) throws IOException {
        if (!data.startsWith("s3://")) {
            return new DataFolder(Path.of(data), false, -1);
        }
        S3Reports.Location location = S3Reports.Location.parse(data);
        Path copy = Files.createTempDirectory("stocktake-reports-");
        try {
            return new DataFolder(copy, true, S3Reports.download(location, env, copy));
        } catch (RuntimeException e) {
            delete(copy);
            throw e;
        }
    }

    boolean fromS3() {
        return temporary;
    }

    @Override
    public void close() {
        if (temporary) {
            delete(folder);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
