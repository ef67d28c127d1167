package dev.stocktake.infra.central;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SQL files athena-sql ships: one view or named query per {@code .sql} file.
 *
 * <p>Views are created in the order {@code views.txt} in the views directory lists them (athena-sql's
 * convention: one name a line, {@code <name>.sql} holds the view, {@code #} starts a comment);
 * named queries follow {@code queries.txt} the same way. Every {@code .sql} file must be listed
 * and every listed name must exist, so a view added without its place in the order fails synth.
 * Without such a file, file-name order applies (so {@code 01_x.sql} before {@code 02_y.sql}).
 */
public final class SqlFiles {
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "^\\s*create\\s+(?:or\\s+replace\\s+)?view\\s+(\"[^\"]+\"|`[^`]+`|[A-Za-z0-9_.]+)", Pattern.CASE_INSENSITIVE);

    /** One file. {@code description} is the text of its leading comment lines. */
    public record SqlFile(String name, String description, String sql) {
    }

    private SqlFiles() {
    }

    /** The views of a directory in creation order ({@code views.txt}, else file names); an absent directory has none. */
    public static List<SqlFile> views(Path dir) {
        List<Path> files = sqlFiles(dir);
        List<Path> ordered = order(dir, files, "views.txt");
        List<SqlFile> out = new ArrayList<>();
        for (Path file : ordered) {
            String text = read(file);
            String body = stripLeadingComments(text).strip();
            while (body.endsWith(";")) {
                body = body.substring(0, body.length() - 1).strip();
            }
            Matcher m = CREATE_VIEW.matcher(body);
            String name;
            String sql;
            if (m.find()) {
                name = unquote(m.group(1));
                sql = body;
            } else {
                name = baseName(file);
                sql = "CREATE OR REPLACE VIEW " + name + " AS\n" + body;
            }
            if (!sql.toLowerCase(Locale.ROOT).startsWith("create or replace view")) {
                sql = "CREATE OR REPLACE " + sql.strip().substring("create".length()).strip();
            }
            out.add(new SqlFile(name, description(text, file), sql));
        }
        return List.copyOf(out);
    }

    /** The named queries of a directory, in {@code queries.txt} (else file-name) order; an absent directory has none. */
    public static List<SqlFile> queries(Path dir) {
        List<SqlFile> out = new ArrayList<>();
        for (Path file : order(dir, sqlFiles(dir), "queries.txt")) {
            String text = read(file);
            out.add(new SqlFile(baseName(file), description(text, file), text.strip()));
        }
        return List.copyOf(out);
    }

    private static List<Path> sqlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> order(Path dir, List<Path> files, String orderFileName) {
        Path orderFile = dir.resolve(orderFileName);
        if (!Files.isRegularFile(orderFile)) {
            return files;
        }
        List<Path> ordered = new ArrayList<>();
        for (String line : read(orderFile).split("\\R")) {
            String entry = line.replaceFirst("#.*", "").strip();
            if (entry.isEmpty()) {
                continue;
            }
            Path file = dir.resolve(entry.endsWith(".sql") ? entry : entry + ".sql");
            if (!files.contains(file)) {
                throw new IllegalStateException(orderFile + " lists " + entry + ", which is not a .sql file in " + dir);
            }
            ordered.add(file);
        }
        List<Path> missing = files.stream().filter(f -> !ordered.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(orderFile + " does not list " + missing.stream().map(p -> p.getFileName().toString()).toList());
        }
        return ordered;
    }

    private static String description(String text, Path file) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("--")) {
                out.append(out.isEmpty() ? "" : " ").append(l.substring(2).strip());
            } else if (!l.isEmpty()) {
                break;
            }
        }
        String d = out.isEmpty() ? file.getFileName().toString() : out.toString();
        return d.length() > 1024 ? d.substring(0, 1021) + "..." : d;
    }

    private static String stripLeadingComments(String text) {
        String rest = text;
        while (true) {
            String s = rest.stripLeading();
            if (s.startsWith("--")) {
                int nl = s.indexOf('\n');
                rest = nl < 0 ? "" : s.substring(nl + 1);
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                rest = end < 0 ? "" : s.substring(end + 2);
            } else {
                return s;
            }
        }
    }

    private static String unquote(String name) {
        if ((name.startsWith("\"") && name.endsWith("\"")) || (name.startsWith("`") && name.endsWith("`"))) {
            return name.substring(1, name.length() - 1);
        }
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".sql".length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
