package dev.stocktake.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.sql.engine.LocalAthena;

/**
 * The report files the view {@code rejected_reports} lists on some days, remembered per day in the cache folder
 * ({@link Caches}) so that a question over a day already checked does not run the check again: the check reads and
 * checks every line of the day's reports, as much work as the question itself.
 *
 * <p>A day's answer depends only on that day's files (the view's windows never look past a day) and on the shipped
 * SQL. It is kept under a SHA-256 of the engine's {@link LocalAthena#definitionsKey() definitions}, the day, and the
 * path, size and modification time of every file in the day's folder: a file added, removed, replaced or rewritten
 * makes a new key, and the day is checked again. Only answers of an engine on which nothing but queries ran are used
 * or kept (a {@code CREATE OR REPLACE VIEW} in the shell may change what the view says). What is kept is the file's
 * path under the report folder and the reason: no line of any report.
 */
final class RejectedFiles {

    /** A rejected file: its path under the report folder (or the engine's full path when outside it) and why. */
    record Rejected(LocalDate day, String file, String reason) {
    }

    /** A kept file as stored: {@code {"file": ..., "reason": ...}}. */
    record Entry(String file, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private RejectedFiles() {
    }

    /**
     * The rejected files of {@code days}, latest day first and by path within a day: kept answers where the cache has
     * the day, the engine's for the others (one statement for all of them), which are then kept.
     *
     * @param cache the cache folder, or {@code null} to ask the engine for every day
     * @throws RuntimeException when the engine fails (the caller decides what that means for its warning)
     */
    static List<Rejected> on(LocalAthena athena, SortedSet<LocalDate> days, Path cache) {
        Path root = athena.folder().root();
        boolean useCache = cache != null && athena.onlyQueriesRan();
        Map<LocalDate, String> keys = new LinkedHashMap<>();
        List<Rejected> found = new ArrayList<>();
        List<LocalDate> toCheck = new ArrayList<>();
        for (LocalDate day : days) {
            String key = useCache ? key(athena.definitionsKey(), root, day) : null;
            List<Rejected> kept = key == null ? null : read(cache, key, day);
            if (kept == null) {
                toCheck.add(day);
                if (key != null) {
                    keys.put(day, key);
                }
            } else {
                found.addAll(kept);
            }
        }
        if (!toCheck.isEmpty()) {
            String prefix = "local://" + root.toAbsolutePath().normalize().toString().replace('\\', '/') + "/";
            Map<LocalDate, List<Rejected>> checked = new LinkedHashMap<>();
            toCheck.forEach(day -> checked.put(day, new ArrayList<>()));
            for (List<Object> row : athena.execute("rejected_reports", "select dt, source_file, reason from rejected_reports"
                    + " where dt in (" + toCheck.stream().map(day -> "date '" + day + "'").collect(Collectors.joining(", "))
                    + ")").rows()) {
                LocalDate day = (LocalDate) row.get(0);
                String file = String.valueOf(row.get(1));
                checked.computeIfAbsent(day, d -> new ArrayList<>()).add(new Rejected(day,
                        file.startsWith(prefix) ? file.substring(prefix.length()) : file, String.valueOf(row.get(2))));
            }
            checked.forEach((day, rejected) -> {
                found.addAll(rejected);
                String key = keys.get(day);
                // a path outside the folder cannot be told apart from the folder's own on another machine: not kept
                if (key != null && rejected.stream().noneMatch(r -> r.file().startsWith("local://"))) {
                    write(cache, key, rejected);
                }
            });
        }
        found.sort(Comparator.comparing(Rejected::day).reversed().thenComparing(Rejected::file));
        return found;
    }

    /** The key of {@code day}'s answer, or {@code null} when its folder cannot be listed (then it is not cached). */
    static String key(String definitionsKey, Path root, LocalDate day) {
        Path folder = root.resolve(day.format(DAY_FOLDER));
        StringBuilder text = new StringBuilder("rejected-1\n").append(definitionsKey).append('\n').append(day).append('\n');
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    text.append(folder.relativize(file).toString().replace('\\', '/')).append('\t')
                            .append(attributes.size()).append('\t')
                            .append(attributes.lastModifiedTime().toMillis()).append('\n');
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Path file(Path cache, String key) {
        return cache.resolve("rejected").resolve(key + ".json");
    }

    /** The kept answer of a day, or {@code null} when there is none or it cannot be read (the day is then checked). */
    private static List<Rejected> read(Path cache, String key, LocalDate day) {
        try {
            List<Entry> kept = JSON.readValue(Files.readString(file(cache, key), StandardCharsets.UTF_8),
                    new TypeReference<>() { });
            List<Rejected> rejected = new ArrayList<>();
            for (Entry entry : kept) {
                if (entry == null || entry.file() == null || entry.reason() == null) {
                    return null;
                }
                rejected.add(new Rejected(day, entry.file(), entry.reason()));
            }
            return rejected;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged entry is checked again and rewritten
        }
    }

    /** Keeps a day's answer; a cache that cannot be written only makes the next run slower. */
    private static void write(Path cache, String key, List<Rejected> rejected) {
        Path target = file(cache, key);
        try {
            Path folder = Files.createDirectories(target.getParent());
            Path staging = Files.createTempFile(folder, "." + key, ".json");
            try {
                Files.writeString(staging, JSON.writeValueAsString(rejected.stream()
                        .map(r -> new Entry(r.file(), r.reason())).toList()), StandardCharsets.UTF_8);
                Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException | RuntimeException e) {
            // the cache is an accelerator: nothing the user asked for depends on it
        }
    }
}
