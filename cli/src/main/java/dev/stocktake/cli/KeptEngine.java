package dev.stocktake.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

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

    static final String VARIABLE = "STOCKTAKE_ENGINE";
    static final String IDLE_VARIABLE = "STOCKTAKE_ENGINE_IDLE";
    static final String LAUNCHER_VARIABLE = "STOCKTAKE_LAUNCHER";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** Longest socket path used: the kernel's limit is 108 bytes with the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 100;

    /**
     * Frames the engine sends: stderr and stdout as they are written (stdout in chunks of {@link #STDOUT_CHUNK}, so a
     * long result is never held whole), then the exit code, last.
     */
    static final byte STDERR = 'E';
    static final byte STDOUT = 'O';
    static final byte EXIT = 'X';
    static final int STDOUT_CHUNK = 64 * 1024;
    /** The request's version: an engine of another version is never asked (the key differs), but says so if it is. */
    static final int PROTOCOL = 1;

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the client sends, as one line of JSON. */
    record Request(int version, List<String> args, String cwd, boolean stderrTerminal, boolean stop) {
    }

    /** Starts an engine over {@code folder} listening on {@code socket}; tells whether it is still running. */
    interface Spawner {
        BooleanSupplier spawn(Path socket, Path folder, Path log) throws IOException;
    }

    private final Path socket;
    private final Path log;
    private final Path folder;
    private final Spawner spawner;
    /** How long to wait for a started engine to listen. */
    Duration startTimeout = Duration.ofMinutes(2);

    private KeptEngine(Path socket, Path log, Path folder, Spawner spawner) {
        this.socket = socket;
        this.log = log;
        this.folder = folder;
        this.spawner = spawner;
    }

    /**
     * The engine kept for {@code folder} (a local folder the engine reads, its real path), or {@code null} when none is
     * kept: {@code STOCKTAKE_ENGINE=off}, no cache folder, a cache folder whose {@code engines/} cannot be made private
     * or whose path is too long for a socket, or no launcher to start one with (and no {@code spawner} given).
     */
    static KeptEngine forFolder(Map<String, String> env, Path cache, Path folder, Spawner spawner) {
        if ("off".equalsIgnoreCase(env.getOrDefault(VARIABLE, "")) || cache == null) {
            return null;
        }
        if (spawner == null) {
            String launcher = env.get(LAUNCHER_VARIABLE);
            if (launcher == null || launcher.isBlank() || !Files.isExecutable(Path.of(launcher))) {
                return null;
            }
            spawner = launcherSpawner(Path.of(launcher));
        }
        Path engines = engines(cache);
        if (engines == null) {
            return null;
        }
        String key = key(folder);
        Path socket = engines.resolve(key + ".sock");
        if (socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            return null;
        }
        return new KeptEngine(socket, engines.resolve(key + ".log"), folder, spawner);
    }

    /** {@code <cache>/engines/}, made if need be and readable by its owner only; {@code null} when it cannot be. */
    static Path engines(Path cache) {
        Path engines = cache.resolve("engines");
        try {
            Files.createDirectories(engines);
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
            if (!Files.getPosixFilePermissions(engines).equals(owner)) {
                Files.setPosixFilePermissions(engines, owner);
            }
            return engines;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** A hash of this build of the CLI (where its classes are, their size and time), the JDK and the folder. */
    static String key(Path folder) {
        StringBuilder build = new StringBuilder();
        try {
            Path classes = Path.of(KeptEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            build.append(classes).append('\n').append(Files.size(classes)).append('\n')
                    .append(Files.getLastModifiedTime(classes).toMillis());
        } catch (Exception e) {
            build.append("unknown build");
        }
        build.append('\n').append(Runtime.version()).append('\n').append(folder);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(build.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code <launcher> engine-serve} in a session of its own ({@code setsid}: Ctrl-C on the terminal that ran
     * the statement does not reach it), stdin from nothing, stdout and stderr to its log.
     */
    static Spawner launcherSpawner(Path launcher) {
        return (socket, folder, log) -> {
            List<String> command = List.of(launcher.toString(), "engine-serve", "--socket", socket.toString(),
                    "--data", folder.toString());
            Process process;
            try {
                process = start(withSetsid(command), log);
            } catch (IOException e) {
                process = start(command, log); // no setsid on this system
            }
            return process::isAlive;
        };
    }

    private static List<String> withSetsid(List<String> command) {
        List<String> setsid = new ArrayList<>();
        setsid.add("setsid");
        setsid.addAll(command);
        return setsid;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
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
        byte[] request;
        try {
            request = JSON.writeValueAsBytes(new Request(PROTOCOL, args, cwd.toString(), stderrTerminal, false));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    private static Answer ask(SocketChannel channel, byte[] request, PrintWriter out, PrintWriter err) {
        boolean printed = false;
        try (SocketChannel open = channel) {
            OutputStream toEngine = Channels.newOutputStream(open);
            toEngine.write(request);
            toEngine.write('\n');
            toEngine.flush();
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
        Path lock = socket.resolveSibling(socket.getFileName().toString().replace(".sock", ".lock"));
        return KeptEngineServer.locked(lock);
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

    /**
     * Stops every engine kept in {@code <cache>/engines/}, waiting for each to close its connection.
     *
     * @return how many were stopped
     */
    static int stopAll(Path cache) throws IOException {
        Path engines = cache == null ? null : cache.resolve("engines");
        if (engines == null || !Files.isDirectory(engines)) {
            return 0;
        }
        int stopped = 0;
        try (DirectoryStream<Path> sockets = Files.newDirectoryStream(engines, "*.sock")) {
            for (Path socket : sockets) {
                SocketChannel channel = connect(socket);
                if (channel == null) {
                    continue;
                }
                try (channel) {
                    OutputStream toEngine = Channels.newOutputStream(channel);
                    toEngine.write(JSON.writeValueAsBytes(new Request(PROTOCOL, List.of(), "/", false, true)));
                    toEngine.write('\n');
                    toEngine.flush();
                    Channels.newInputStream(channel).readAllBytes(); // until the engine closes it
                    stopped++;
                }
            }
        }
        return stopped;
    }

    static void writeFrame(DataOutputStream to, byte type, byte[] bytes) throws IOException {
        synchronized (to) {
            to.writeByte(type);
            to.writeInt(bytes.length);
            to.write(bytes);
            to.flush();
        }
    }

    private static byte[] frame(DataInputStream from) throws IOException {
        int length = from.readInt();
        if (length < 0) {
            throw new IOException("a frame of negative length");
        }
        return from.readNBytes(length);
    }

    /**
     * stdout or stderr written on the engine, sent to the client at each flush and whenever {@code chunk} characters are
     * waiting.
     */
    static final class Frames extends Writer {
        private final DataOutputStream to;
        private final byte type;
        private final int chunk;
        private final StringBuilder pending = new StringBuilder();

        Frames(DataOutputStream to, byte type, int chunk) {
            this.to = to;
            this.type = type;
            this.chunk = chunk;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) throws IOException {
            pending.append(chars, offset, length);
            if (pending.length() >= chunk) {
                flush();
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (!pending.isEmpty()) {
                writeFrame(to, type, pending.toString().getBytes(StandardCharsets.UTF_8));
                pending.setLength(0);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
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
