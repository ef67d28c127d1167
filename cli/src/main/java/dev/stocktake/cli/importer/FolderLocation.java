package dev.stocktake.cli.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A history in a local folder laid out like the bucket below its prefix. */
final class FolderLocation implements HistoryLocation {

    private final Path root;

    FolderLocation(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public List<String> list() {
        if (!Files.isDirectory(root)) {
            throw new ImportException("no such folder: " + root);
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !Files.isDirectory(path)).map(this::relative).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ImportException("cannot list " + root + ": " + e.getMessage());
        }
    }

    @Override
    public List<String> listDay(String dayPath) {
        Path day = resolve(dayPath);
        if (!Files.isDirectory(day)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(day)) {
            return paths.filter(Files::isRegularFile).map(this::relative).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + day, e);
        }
    }

    @Override
    public byte[] read(String path) {
        try {
            return Files.readAllBytes(resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resolve(path) + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes a hidden temporary file beside the target, then moves it into place without replacing: a run stopped
     * half-way leaves no half-written report (only a {@code .import-*} file, which the views ignore).
     */
    @Override
    public boolean create(String path, byte[] content, String accountId, Map<String, String> metadata) {
        Path target = resolve(path);
        Path temporary = null;
        try {
            if (Files.exists(target)) {
                return false;
            }
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), ".import-", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // best effort: a hidden leftover the views ignore
                }
            }
        }
    }

    private Path resolve(String path) {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new ImportException("refusing a path outside " + root + ": " + path);
        }
        return resolved;
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    @Override
    public void close() {
    }
}
