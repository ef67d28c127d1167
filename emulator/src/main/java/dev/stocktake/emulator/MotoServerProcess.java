package dev.stocktake.emulator;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code moto_server} child process on a free loopback port. */
final class MotoServerProcess {

    private final Path executable;

    private MotoServerProcess(Path executable) {
        this.executable = executable;
    }

    /** Finds {@code moto_server} through {@code MOTO_SERVER} or on the {@code PATH}. */
    static Optional<MotoServerProcess> find(Map<String, String> env) {
        String explicit = env.get("MOTO_SERVER");
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit);
            if (!Files.isExecutable(path)) {
                throw new EmulatorUnavailableException("MOTO_SERVER=" + explicit + " is not an executable file");
            }
            return Optional.of(new MotoServerProcess(path));
        }
        String pathVariable = env.getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new MotoServerProcess(candidate));
            }
        }
        return Optional.empty();
    }

    Emulator start() {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log;
        try {
            log = Files.createTempFile("stocktake-moto-", ".log");
            log.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new EmulatorUnavailableException("Cannot create a log file for moto_server: " + e.getMessage());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // moto reads these; keep its state in memory and its answers deterministic.
        builder.environment().put("MOTO_ALLOW_NONEXISTENT_REGION", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new EmulatorUnavailableException("Could not start " + executable + ": " + e.getMessage());
        }
        Thread reaper = new Thread(process::destroy, "stop-moto-server");
        Runtime.getRuntime().addShutdownHook(reaper);
        Emulator emulator = new Emulator(URI.create("http://127.0.0.1:" + port), "moto_server on port " + port + " (log " + log + ")",
                () -> {
                    process.destroy();
                    try {
                        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            process.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        process.destroyForcibly();
                    }
                    try {
                        Runtime.getRuntime().removeShutdownHook(reaper);
                    } catch (IllegalStateException shuttingDown) {
                        // already shutting down: the hook runs anyway
                    }
                });
        try {
            emulator.awaitReady(Duration.ofSeconds(30));
        } catch (EmulatorUnavailableException e) {
            emulator.close();
            String tail = tail(log);
            throw new EmulatorUnavailableException(e.getMessage() + (tail.isEmpty() ? "" : "\nmoto_server said:\n" + tail));
        }
        return emulator;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmulatorUnavailableException("No free loopback port for the emulator: " + e.getMessage());
        }
    }
}
