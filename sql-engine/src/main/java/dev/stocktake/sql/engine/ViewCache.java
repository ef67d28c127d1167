package dev.stocktake.sql.engine;

import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.table.TableDefinition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shipped views as the engine stored them after {@code CREATE VIEW}, kept between runs so that a later engine
 * copies them into its metastore instead of creating them again. Creating a view makes Trino analyse it and every view
 * it reads (the analysis is repeated when a query reads the view): for {@code console_users} that was about a fifth of a
 * one-day question's time (docs/benchmarks.md, "Third round").
 *
 * <p>An entry is a folder named by a SHA-256 of everything a stored view depends on: the Trino version, the views'
 * SQL, the tables' columns and partition keys, the catalog's access rules and the session's user. A change to any of
 * them makes a new entry; an old one is never read again. A view's stored form holds its SQL, its output columns and
 * their types, and its owner's grants: no data and no path of the data folder. Entries are written into a temporary
 * folder and moved into place, so a run never sees half of one; two runs writing the same view at once both write the
 * same bytes and one move wins.
 *
 * <p>The cache is an accelerator: when it cannot be read or written (a read-only home, a full disk) the views are
 * created as without it and nothing fails.
 */
final class ViewCache {

    /** Bump when the layout of an entry changes. */
    private static final String FORMAT = "stocktake-view-cache-1";

    private final Path entry;

    private ViewCache(Path entry) {
        this.entry = entry;
    }

    /** The entry under {@code directory} for the views and tables of {@code key} (see {@link #key}). */
    static ViewCache in(Path directory, String key) {
        return new ViewCache(directory.resolve("views").resolve(key));
    }

    /** The SHA-256 (hex) of everything a stored view depends on. */
    static String key(List<SqlFile> views, List<TableDefinition> tables, String accessRules, String user) {
        StringBuilder text = new StringBuilder(FORMAT).append('\n')
                .append("trino ").append(trinoVersion()).append('\n')
                .append("user ").append(user).append('\n')
                .append("rules ").append(accessRules).append('\n');
        for (TableDefinition table : tables) {
            text.append("table ").append(table.name()).append('\n');
            table.columns().forEach(column -> text.append(' ').append(column.name()).append(' ').append(column.type()).append('\n'));
            table.partitionKeys().forEach(key -> text.append(" partition ").append(key.name()).append(' ').append(key.type()).append('\n'));
        }
        for (SqlFile view : views) {
            text.append("view ").append(view.name()).append('\n').append(view.statement()).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The engine's version as its jar names it ({@code 483}), or {@code unknown} when the jar does not say. */
    private static String trinoVersion() {
        String version = io.trino.Session.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /**
     * Copies every view of this entry into {@code schema} (the metastore's folder of the schema), before the catalog
     * is created. A view that cannot be copied whole is left out (it is created when read).
     *
     * @return the names of the views copied
     */
    Set<String> restore(Path schema, List<SqlFile> views) {
        Set<String> restored = new LinkedHashSet<>();
        if (!Files.isDirectory(entry)) {
            return restored;
        }
        for (SqlFile view : views) {
            Path cached = entry.resolve(view.name());
            if (!Files.isRegularFile(cached.resolve(".trinoSchema"))) {
                continue;
            }
            Path target = schema.resolve(view.name());
            try {
                copyTree(cached, target);
                restored.add(view.name());
            } catch (IOException e) {
                deleteQuietly(target);
            }
        }
        return restored;
    }

    /** Keeps the view {@code name} as the engine just stored it under {@code schema}, unless this entry has it already. */
    void save(Path schema, String name) {
        Path target = entry.resolve(name);
        if (Files.isRegularFile(target.resolve(".trinoSchema"))) {
            return;
        }
        Path staging = null;
        try {
            Files.createDirectories(entry);
            staging = Files.createTempDirectory(entry, "." + name + "-");
            copyTree(schema.resolve(name), staging.resolve(name));
            Files.move(staging.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // another run saved it first, or the file system cannot move atomically: the entry stays without it
        } catch (IOException | SecurityException e) {
            // the cache is an accelerator: a run that cannot write it is only slower
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }


    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless: entries are read by name only
        }
    }
}
