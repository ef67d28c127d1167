package dev.stocktake.sql.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The views and named queries shipped in {@code athena-sql/views} and {@code athena-sql/queries}, read from the
 * classpath of the athena-sql jar (where the build copies them to {@code dev/stocktake/sql/views} and
 * {@code dev/stocktake/sql/queries}).
 *
 * <p>{@link #views()} is in creation order ({@code views/views.txt}): a view comes after every view it reads.
 * Views and queries name the table and each other unqualified, so they run in any database that holds
 * {@code credential_reports}.
 */
public final class SqlCatalog {

    private static final String VIEWS = "dev/stocktake/sql/views/";
    private static final String QUERIES = "dev/stocktake/sql/queries/";

    private final List<SqlFile> views;
    private final List<SqlFile> queries;

    private SqlCatalog(List<SqlFile> views, List<SqlFile> queries) {
        this.views = List.copyOf(views);
        this.queries = List.copyOf(queries);
    }

    /** The shipped views and queries. */
    public static SqlCatalog shipped() {
        return new SqlCatalog(
                load(VIEWS, "views.txt", "athena-sql/views/"),
                load(QUERIES, "queries.txt", "athena-sql/queries/"));
    }

    /** Views in the order they must be created. */
    public List<SqlFile> views() {
        return views;
    }

    /** Named queries, in the order of {@code queries/queries.txt}. */
    public List<SqlFile> queries() {
        return queries;
    }

    public Optional<SqlFile> view(String name) {
        return views.stream().filter(view -> view.name().equals(name)).findFirst();
    }

    public Optional<SqlFile> query(String name) {
        return queries.stream().filter(query -> query.name().equals(name)).findFirst();
    }

    private static List<SqlFile> load(String folder, String index, String repositoryFolder) {
        return read(folder + index).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(name -> new SqlFile(name, repositoryFolder + name + ".sql", read(folder + name + ".sql")))
                .toList();
    }

    private static String read(String resource) {
        try (InputStream in = SqlCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource + " (is the athena-sql jar complete?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }
}
