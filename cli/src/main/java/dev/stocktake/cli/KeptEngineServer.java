package dev.stocktake.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import picocli.CommandLine;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.ReportFolder;

/**
 * The engine side of {@link KeptEngine}: listens on the folder's socket and runs each {@code stocktake sql} command
 * line it is sent, as the command would run it, on one engine it keeps, one command at a time; stdout and stderr go
 * back as they are written, the exit code when the command is done ({@link EngineFrames}).
 *
 * <p>Every command scans the folder again, as a new process would: the engine is kept while the folder keeps its
 * shape (the same data folders, first and last days) and started again when it changes (a new day, an allowlist
 * added), since the engine's tables are defined from that shape. Files added inside a day are read anyway: the engine
 * lists a day's folder at each statement.
 *
 * <p>It stops when no command came for its idle time, when asked ({@code stocktake sql --stop}), or when its socket is
 * gone (its cache folder deleted); it holds the folder's lock file as long as it runs, so two never serve one folder.
 */
final class KeptEngineServer implements AutoCloseable {

    private final Path socket;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final Map<String, String> env;
    private final Path viewCache;
    private final Duration idle;
    private final PrintStream log;

    private LocalAthena.Ahead ahead;
    private LocalAthena athena;
    /** The folder {@link #athena} was started over, without its file counts (see {@link #shape}). */
    private ReportFolder started;
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean busy;
    private volatile boolean stopping;
    private volatile int served;
    private boolean closed;

    private KeptEngineServer(Path socket, FileChannel lockFile, FileLock lock, ServerSocketChannel server,
                             Map<String, String> env, Duration idle, PrintStream log) {
        this.socket = socket;
        this.lockFile = lockFile;
        this.lock = lock;
        this.server = server;
        this.env = env;
        this.viewCache = Caches.prepare(env);
        this.idle = idle;
        this.log = log;
    }

    /**
     * Takes the folder's lock and listens on {@code socket}; {@code null} when another engine holds the lock (it
     * serves the folder).
     */
    static KeptEngineServer open(Path socket, Map<String, String> env, Duration idle, PrintStream log) throws IOException {
        FileChannel lockFile = FileChannel.open(KeptEngines.lockOf(socket), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM serves it already
        }
        if (lock == null) {
            lockFile.close();
            return null;
        }
        try {
            Files.deleteIfExists(socket); // left by an engine that did not stop cleanly: it no longer holds the lock
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            return new KeptEngineServer(socket, lockFile, lock, server, env, idle, log);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockFile.close();
            throw e;
        }
    }

    /**
     * Starts the engine over {@code data} now, in the background, so that it starts while the first command reaches
     * this process (a command asking for another shape starts its own).
     */
    void startAhead(Path data) {
        ahead = LocalAthena.startAhead();
        Thread thread = new Thread(() -> {
            try {
                athena(ReportFolder.scan(DataFolder.local(data)));
            } catch (IOException | RuntimeException e) {
                // the command that reads the folder says what is wrong with it
                log.println(Instant.now() + " the engine did not start ahead: " + e.getMessage());
            }
        }, "stocktake-kept-engine-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Serves commands until idle, asked to stop, or the socket is gone. */
    void serve() {
        log.println(Instant.now() + " listening on " + socket + " (stops after " + idle.toMinutes() + " idle minute(s))");
        Thread watchdog = new Thread(this::watch, "stocktake-kept-engine-idle");
        watchdog.setDaemon(true);
        watchdog.start();
        while (!stopping) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) { // closed by stop(), asynchronously or not
                break;
            } catch (IOException e) {
                log.println(Instant.now() + " stopping: cannot accept a connection: " + e.getMessage());
                break;
            }
            busy = true;
            try (client) {
                handle(client);
            } catch (IOException e) {
                // a request that is not one (not this build's JSON), or a client gone (Ctrl-C): it runs nothing more
                log.println(Instant.now() + " a command was not served to its end: " + e.getMessage());
            } finally {
                lastUsed = System.nanoTime();
                busy = false;
            }
        }
    }

    private void watch() {
        long step = Math.max(50, Math.min(1000, idle.toMillis() / 4));
        while (!stopping) {
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                return;
            }
            if (!Files.exists(socket)) {
                stop("its socket is gone");
            } else if (!busy && System.nanoTime() - lastUsed > idle.toNanos()) {
                stop("idle for " + idle.toMinutes() + " minute(s)");
            }
        }
    }

    private void stop(String why) {
        if (!stopping) {
            stopping = true;
            log.println(Instant.now() + " stopping: " + why + " (" + served + " command(s) served)");
            try {
                server.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void handle(SocketChannel client) throws IOException {
        EngineFrames.Request request = EngineFrames.JSON.readValue(firstLine(Channels.newInputStream(client)),
                EngineFrames.Request.class);
        DataOutputStream to = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
        if (request.stop()) {
            stop("asked to");
            EngineFrames.writeFrame(to, EngineFrames.EXIT, "0".getBytes(StandardCharsets.UTF_8));
            return;
        }
        long start = System.nanoTime();
        PrintWriter out = new PrintWriter(new EngineFrames.Frames(to, EngineFrames.STDOUT));
        PrintWriter err = new PrintWriter(new EngineFrames.Frames(to, EngineFrames.STDERR));
        CommandLine cli = StocktakeCommand.commandLine(env);
        cli.setOut(out);
        cli.setErr(err);
        SqlCommand sql = cli.getSubcommands().get("sql").getCommand();
        sql.kept = this::athena;
        sql.workingDirectory = Path.of(request.cwd());
        sql.stdin = InputStream.nullInputStream();
        sql.stdinIsTerminal = false;
        sql.stderrIsTerminal = request.stderrTerminal();
        java.util.List<String> args = new java.util.ArrayList<>();
        args.add("sql");
        args.addAll(request.args());
        int exit = cli.execute(args.toArray(String[]::new));
        out.flush();
        err.flush();
        if (out.checkError() || err.checkError()) {
            throw new IOException("the client went away before the result was sent");
        }
        served++;
        EngineFrames.writeFrame(to, EngineFrames.EXIT, Integer.toString(exit).getBytes(StandardCharsets.UTF_8));
        log.printf("%s served a command in %d ms, exit code %d%n", Instant.now(), (System.nanoTime() - start) / 1_000_000, exit);
    }

    private static byte[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
            if (line.size() > 16 * 1024 * 1024) {
                throw new IOException("a request of over 16 MiB");
            }
        }
        return line.toByteArray();
    }

    /**
     * The engine over {@code folder}: the one kept when the folder has the shape it was started over, else a new one
     * (the old one closed). Forgets the days the previous commands read.
     */
    synchronized LocalAthena athena(ReportFolder folder) {
        ReportFolder shape = shape(folder);
        if (athena != null && shape.equals(started)) {
            athena.forgetReportDaysRead();
            return athena;
        }
        if (athena != null) {
            log.println(Instant.now() + " the folder changed (a day or a data folder added or removed): starting the engine again");
            athena.close();
            athena = null;
        }
        LocalAthena.Ahead server = ahead;
        ahead = null;
        athena = server != null ? server.start(folder, viewCache) : LocalAthena.start(folder, viewCache);
        started = shape;
        return athena;
    }

    /** {@code folder} without its file counts: what the engine's tables are defined from. */
    static ReportFolder shape(ReportFolder folder) {
        return new ReportFolder(folder.root().toAbsolutePath().normalize(), folder.firstDay(), folder.lastDay(), 0,
                folder.accounts() == null ? null : new ReportFolder.AccountFolder(folder.accounts().root(),
                        folder.accounts().firstDay(), folder.accounts().lastDay(), 0),
                folder.allowlist(), days(folder.identityCenter()), days(folder.iamDetails()), folder.identityMapping(),
                folder.migrationSettings(), folder.milestones(), days(folder.remediation()));
    }

    private static ReportFolder.DayFolder days(ReportFolder.DayFolder days) {
        return days == null ? null : new ReportFolder.DayFolder(days.root(), days.firstDay(), days.lastDay(), 0);
    }

    int served() {
        return served;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // another engine replaces it when it starts
        }
        if (athena != null) {
            athena.close();
        }
        if (ahead != null) {
            ahead.close();
        }
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // released when the process ends
        }
        log.println(Instant.now() + " stopped");
        log.flush();
    }
}
