package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import dev.stocktake.sql.engine.ReportFolderException;

/**
 * Where the engines {@code stocktake sql} keeps are ({@code <cache>/engines/}), which one serves a folder, how one is
 * started, and stopping them all; see {@link KeptEngine} for what they are.
 */
final class KeptEngines {

    static final String VARIABLE = "STOCKTAKE_ENGINE";
    static final String IDLE_VARIABLE = "STOCKTAKE_ENGINE_IDLE";
    static final String LAUNCHER_VARIABLE = "STOCKTAKE_LAUNCHER";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** Longest socket path used: the kernel's limit is 108 bytes with the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 100;

    private KeptEngines() {
    }

    /**
     * Runs {@code stocktake sql <args>} on the engine kept for {@code data} (starting one if need be), as
     * {@link KeptEngine#run} does.
     *
     * @return its exit code, or empty when no engine is kept for it (an {@code s3://} location, a folder that is not
     *         one, see {@link #forFolder}) or the kept one could not answer (nothing was printed on {@code out}: the
     *         statement runs in the command)
     */
    static OptionalInt answer(Map<String, String> env, String data, Path cwd, List<String> args, boolean stderrTerminal,
                              KeptEngine.Spawner spawner, PrintWriter out, PrintWriter err) {
        if (data.startsWith("s3://")) {
            return OptionalInt.empty(); // copied to a new temporary folder at each run
        }
        Path folder;
        try {
            folder = DataFolder.local(cwd.resolve(data).normalize()).toRealPath();
        } catch (IOException | ReportFolderException e) {
            return OptionalInt.empty(); // said by the run in the command, as without a kept engine
        }
        KeptEngine engine = forFolder(env, Caches.prepare(env), folder, spawner);
        return engine == null ? OptionalInt.empty() : engine.run(args, cwd, stderrTerminal, out, err);
    }

    /** {@code stocktake sql --stop}: stops every kept engine and says how many. */
    static int stop(Map<String, String> env, PrintWriter out) {
        try {
            int stopped = stopAll(Caches.prepare(env));
            out.println(stopped == 0 ? "No query engine was kept in the background."
                    : "Stopped " + stopped + " query engine" + (stopped == 1 ? "" : "s") + " kept in the background.");
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the kept query engines", e);
        }
    }

    /**
     * The engine kept for {@code folder} (a local folder the engine reads, its real path), or {@code null} when none is
     * kept: {@code STOCKTAKE_ENGINE=off}, no cache folder, a cache folder whose {@code engines/} cannot be made private
     * or whose path is too long for a socket, or no launcher to start one with (and no {@code spawner} given).
     */
    static KeptEngine forFolder(Map<String, String> env, Path cache, Path folder, KeptEngine.Spawner spawner) {
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
            Path classes = Path.of(KeptEngines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
    static KeptEngine.Spawner launcherSpawner(Path launcher) {
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
                SocketChannel channel = KeptEngine.connect(socket);
                if (channel == null) {
                    continue;
                }
                try (channel) {
                    EngineFrames.send(channel, new EngineFrames.Request(List.of(), "/", false, true));
                    Channels.newInputStream(channel).readAllBytes(); // until the engine closes it
                    stopped++;
                }
            }
        }
        return stopped;
    }

    /** The lock file its engine holds beside {@code socket} ({@code <key>.lock}). */
    static Path lockOf(Path socket) {
        return socket.resolveSibling(socket.getFileName().toString().replaceFirst("\\.sock$", "") + ".lock");
    }

    /** Whether an engine holds the lock file {@code lock}. */
    static boolean locked(Path lock) {
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return true;
            }
            taken.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The idle time {@code STOCKTAKE_ENGINE_IDLE} gives in minutes, else the default (said on the log when invalid). */
    static Duration idle(Map<String, String> env, PrintStream log) {
        String minutes = env.get(IDLE_VARIABLE);
        if (minutes == null || minutes.isBlank()) {
            return DEFAULT_IDLE;
        }
        try {
            int value = Integer.parseInt(minutes.strip());
            if (value > 0) {
                return Duration.ofMinutes(value);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        log.println(Instant.now() + " " + IDLE_VARIABLE + " must be a whole number of minutes above 0, got '"
                + minutes + "': using " + DEFAULT_IDLE.toMinutes());
        return DEFAULT_IDLE;
    }
}
