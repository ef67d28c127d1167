package dev.stocktake.cli.sql;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ReportFolder;

/**
 * The embedded engine for one {@code stocktake sql} run, started once (in the background for the shell, so the
 * prompt comes at once), with a {@link Progress} line while the reports load and while a statement runs.
 */
public final class Engine implements AutoCloseable {

    private final ReportFolder folder;
    private final PrintWriter err;
    private final boolean terminal;
    private final Function<Path, LocalAthena> starter;
    /** Whether {@link #close()} closes the engine: not when it is shared, kept for later runs. */
    private final boolean owned;
    private CompletableFuture<LocalAthena> athena;

    /**
     * @param folder   the scanned folder the engine will read
     * @param err      where the progress line goes
     * @param terminal whether {@code err} is a terminal (the progress line is shown only then)
     */
    public Engine(ReportFolder folder, PrintWriter err, boolean terminal) {
        this(folder, err, terminal, root -> LocalAthena.start(folder));
    }

    /**
     * On an engine whose server was started ahead ({@link LocalAthena#startAhead()}), while the folder was read,
     * keeping the shipped views' definitions in {@code viewCache} between runs ({@code null} for none).
     */
    public Engine(ReportFolder folder, PrintWriter err, boolean terminal, LocalAthena.Ahead ahead, Path viewCache) {
        this(folder, err, terminal, root -> ahead.start(folder, viewCache));
    }

    /** With another way to start the engine (tests: one that must not be called). */
    Engine(ReportFolder folder, PrintWriter err, boolean terminal, Function<Path, LocalAthena> starter) {
        this(folder, err, terminal, starter, true);
    }

    private Engine(ReportFolder folder, PrintWriter err, boolean terminal, Function<Path, LocalAthena> starter,
                   boolean owned) {
        this.folder = folder;
        this.err = err;
        this.terminal = terminal;
        this.starter = starter;
        this.owned = owned;
    }

    /**
     * On an engine shared with later runs (the one {@code stocktake sql} keeps in the background): {@code shared}
     * gives it, starting it if need be, and {@link #close()} leaves it running.
     */
    public static Engine shared(ReportFolder folder, PrintWriter err, boolean terminal,
                                Function<ReportFolder, LocalAthena> shared) {
        return new Engine(folder, err, terminal, root -> shared.apply(folder), false);
    }

    public ReportFolder folder() {
        return folder;
    }

    /** Starts the engine on another thread; {@link #athena()} waits for it. */
    public synchronized void startInBackground() {
        if (athena == null) {
            athena = CompletableFuture.supplyAsync(() -> starter.apply(folder.root()), runnable -> {
                Thread thread = new Thread(runnable, "stocktake-engine-start");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    /**
     * The started engine, waiting for it with a progress line.
     *
     * @throws dev.stocktake.sql.engine.ReportFolderException when the folder cannot be read
     * @throws dev.stocktake.sql.engine.SqlException          when a view fails to create
     */
    public LocalAthena athena() {
        CompletableFuture<LocalAthena> started;
        synchronized (this) {
            if (athena == null) {
                athena = new CompletableFuture<>();
                try (Progress ignored = Progress.show(err, terminal, loading())) {
                    athena.complete(starter.apply(folder.root()));
                } catch (RuntimeException e) {
                    athena.completeExceptionally(e);
                    throw e;
                }
            }
            started = athena;
        }
        if (started.isDone()) {
            return join(started);
        }
        try (Progress ignored = Progress.show(err, terminal, loading())) {
            return join(started);
        }
    }

    /** Runs one statement on the engine (started first if need be), with a progress line. */
    public QueryResult execute(String source, String sql) {
        LocalAthena engine = athena();
        try (Progress ignored = Progress.show(err, terminal, "Running...")) {
            return engine.execute(source, sql);
        }
    }

    private String loading() {
        return String.format(Locale.ROOT, "Loading %,d report file%s (%s to %s)...", folder.files(),
                folder.files() == 1 ? "" : "s", folder.firstDay(), folder.lastDay());
    }

    private static LocalAthena join(CompletableFuture<LocalAthena> started) {
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine started", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CompletionException completion && completion.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (athena == null || !owned) {
            return;
        }
        // closed now if started, else as soon as it is (quitting does not wait for a start nobody needs);
        // one that failed to start has nothing to close
        athena.thenAccept(LocalAthena::close);
    }
}
