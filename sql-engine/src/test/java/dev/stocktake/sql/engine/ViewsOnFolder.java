package dev.stocktake.sql.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded Trino of a views test class, over a data folder of its own: before the class's tests, {@code fill}
 * writes the fixture into a new temporary folder and returns the folder to mount; after them, Trino stops and the
 * folder is deleted. Register it with {@code @RegisterExtension static final ViewsOnFolder views = ...}; its
 * {@code @Nested} classes share that one Trino (JUnit calls the extension for each of them too: only the class that
 * registered it starts and stops it).
 */
final class ViewsOnFolder implements BeforeAllCallback, AfterAllCallback {

    private final Function<Path, Path> fill;
    private String owner;
    private Path data;
    private LocalAthena athena;

    /** @param fill writes the fixture into the folder it is given, e.g. {@link MigrationData#writeTo(Path)} */
    ViewsOnFolder(Function<Path, Path> fill) {
        this.fill = fill;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        data = Files.createTempDirectory("stocktake-views-");
        athena = LocalAthena.start(fill.apply(data));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        if (athena != null) {
            athena.close();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not delete the test data " + file, e);
                }
            });
        }
    }

    /** The folder the fixture was written into. */
    Path data() {
        return data;
    }

    LocalAthena athena() {
        return athena;
    }

    /** The rows of a query. */
    List<List<Object>> rows(String sql) {
        return athena.execute("<test>", sql).rows();
    }
}
