package dev.stocktake.cli;

import static dev.stocktake.cli.EngineFrames.EXIT;
import static dev.stocktake.cli.EngineFrames.STDERR;
import static dev.stocktake.cli.EngineFrames.STDOUT;
import static dev.stocktake.cli.EngineFrames.frame;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * The query engine {@code stocktake sql} keeps running in the background over one data folder, so that the next
 * statement over it does not start an engine again (most of a statement's time: the coordinator's start and the
 * analysis of the views, see docs/benchmarks.md), as a build tool keeps its daemon. This side is the client: it finds
 * the engine kept for the folder, starts one when there is none ({@link Spawner}), sends it the command line, and
 * writes what the engine's run of it printed, as it prints it. The engine is {@link KeptEngineServer}.
 *
 * <p>Only statements that read go to a kept engine: a view or a named query, or a statement that
 * {@link dev.stocktake.cli.sql.StatementCheck#readsOnly reads only}; the shell, an S3 location and anything that may
 * change the catalog run in their own engine, as before. Whatever keeps the kept engine from answering (it cannot start,
 * it stops before it printed a result) makes the statement run in this process instead, after one line on stderr
 * saying why: a kept engine saves time and never changes an answer. (One that stops after it printed part of a result
 * cannot be replaced without printing that part twice: the command then exits 1 saying the output is cut.)
 *
 * <p>Where: {@code <cache>/engines/} (see {@link Caches}), made {@code rwx------}: a Unix socket per engine
 * ({@code <key>.sock}, so only the user can reach it), the lock its engine holds ({@code <key>.lock}) and its log
 * ({@code <key>.log}: start, stop and one line per statement served, never a statement or a row). The key is a hash of
 * this build of the CLI and the folder's real path: a new build starts engines of its own, and the old ones stop when
 * idle.
 *
 * <p>{@code STOCKTAKE_ENGINE=off} keeps no engine; {@code STOCKTAKE_ENGINE_IDLE=MINUTES} (default 10) is how long one
 * waits for the next statement before it stops; {@code stocktake sql --stop} stops them all now. Engines are started
 * through the launcher ({@code ./stocktake}, which says where it is in {@code STOCKTAKE_LAUNCHER}), so they run on the
 * same JDK, flags and start-up cache; a command run without it keeps no engine.
 */
final class KeptEngine {

    /** Size past which an engine's log is started afresh when the next engine over its folder starts. */
    static final long LOG_LIMIT = 1024 * 1024;

    /** Starts an engine over {@code folder} listening on {@code socket}; tells whether it is still running. */
    interface Spawner {
        BooleanSupplier spawn(Path socket, Path folder, Path log) throws IOException;
    }

    private final Path socket;
    private final Path log;
    private final Path folder;
    private final Spawner spawner;
    /** How long to wait for a started engine to listen (tests shorten it). */
    Duration startTimeout = Duration.ofMinutes(2);

    KeptEngine(Path socket, Path log, Path folder, Spawner spawner) {
        this.socket = socket;
        this.log = log;
        this.folder = folder;
        this.spawner = spawner;
    }

    Path socket() {
        return socket;
    }

    /**
     * Runs {@code stocktake <args>} on the kept engine, starting one if none listens, and writes what it printed as it
     * prints it.
     *
     * @return the command's exit code; empty when the kept engine could not answer, after a line on {@code err}
     *         saying why (then nothing was written on {@code out}: the caller runs the statement itself)
     */
    OptionalInt run(List<String> args, Path cwd, boolean stderrTerminal, PrintWriter out, PrintWriter err) {
        EngineFrames.Request request = new EngineFrames.Request(args, cwd.toString(), stderrTerminal, false);
        SocketChannel channel = connect(socket);
        boolean started = false;
        while (true) {
            if (channel == null) {
                try {
                    channel = startAndConnect();
                } catch (IOException e) {
                    return fallBack(err, "could not be started (" + e.getMessage() + ")");
                }
                if (channel == null) {
                    return fallBack(err, "did not start");
                }
                started = true;
            }
            Answer answer = ask(channel, request, out, err);
            if (answer.exit() != null) {
                return OptionalInt.of(answer.exit());
            }
            if (answer.printed()) {
                err.println("stocktake sql: the query engine kept in the background stopped while it printed the result"
                        + " (its log: " + log + "): the output above is cut; run the statement again");
                err.flush();
                return OptionalInt.of(ExitCodes.FAILED);
            }
            if (started) {
                return fallBack(err, "stopped before it answered" + answer.why());
            }
            // an engine that was stopping (idle, or --stop) as this command reached it: start one, once
            channel = null;
        }
    }

    /** What came back: the exit code ({@code null} when the engine stopped first), whether stdout was written. */
    private record Answer(Integer exit, boolean printed, String why) {
    }

    private static Answer ask(SocketChannel channel, EngineFrames.Request request, PrintWriter out, PrintWriter err) {
        boolean printed = false;
        try (SocketChannel open = channel) {
            EngineFrames.send(open, request);
            DataInputStream fromEngine = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(open)));
            while (true) {
                int type;
                try {
                    type = fromEngine.readByte();
                } catch (EOFException e) {
                    return new Answer(null, printed, "");
                }
                byte[] bytes = frame(fromEngine);
                if (type == STDERR) {
                    err.write(new String(bytes, StandardCharsets.UTF_8));
                    err.flush();
                } else if (type == STDOUT) {
                    out.write(new String(bytes, StandardCharsets.UTF_8));
                    out.flush();
                    printed = true;
                } else if (type == EXIT) {
                    return new Answer(Integer.parseInt(new String(bytes, StandardCharsets.UTF_8)), printed, "");
                } else {
                    return new Answer(null, printed, " (an unknown frame)");
                }
            }
        } catch (IOException | NumberFormatException e) {
            return new Answer(null, printed, " (" + e.getMessage() + ")");
        }
    }

    private SocketChannel startAndConnect() throws IOException {
        // each engine appends to the folder's log (a few lines, and one per command): start it afresh past 1 MiB
        if (Files.exists(log) && Files.size(log) > LOG_LIMIT) {
            Files.delete(log);
        }
        BooleanSupplier running = spawner.spawn(socket, folder, log);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            SocketChannel channel = connect(socket);
            if (channel != null) {
                return channel;
            }
            if (!running.getAsBoolean()) {
                // an engine of another client may have taken the folder's lock and be about to listen
                channel = connect(socket);
                if (channel != null) {
                    return channel;
                }
                if (!waitForAnother()) {
                    return null;
                }
            }
            sleep(25);
        }
        return null;
    }

    /** Whether another engine holds the folder's lock (so this one stopped at once): it will listen soon. */
    private boolean waitForAnother() {
        return KeptEngines.locked(KeptEngines.lockOf(socket));
    }

    private OptionalInt fallBack(PrintWriter err, String why) {
        err.println("stocktake sql: the query engine kept in the background " + why + " (its log: " + log
                + "); running the statement in this process");
        err.flush();
        return OptionalInt.empty();
    }

    /** A connection to the engine listening on {@code socket}, or {@code null} when none does. */
    static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was sent
                }
            }
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
