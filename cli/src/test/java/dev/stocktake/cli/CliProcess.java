package dev.stocktake.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./stocktake} as the launcher does, in a fresh JVM ({@link Main}, the launcher's flags) with exactly the
 * environment given: what a user sees on a machine without AWS credentials, and what SLF4J prints when it starts.
 */
final class CliProcess {

    /** What the process exited with, printed, and how long it took (wall clock, JVM start included). */
    record Run(int exit, String stdout, String stderr, Duration elapsed) {
    }

    private CliProcess() {
    }

    /** The environment of a machine with no AWS configuration at all: a home without ~/.aws, no instance metadata. */
    static Map<String, String> bareEnvironment(Path home) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        if (args.length > 0 && args[0].equals("sql")) {
            // as the launcher: the embedded Trino's flags, for a short-lived sql run
            command.addAll(List.of("--add-modules=jdk.incubator.vector", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m"));
        } else if (args.length > 0 && List.of("report", "demo", "todo", "remediate").contains(args[0])) {
            // as the launcher: the embedded Trino's flags
            command.addAll(List.of("--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xss4m"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("stocktake-out", ".txt");
        Path err = Files.createTempFile("stocktake-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("./stocktake " + String.join(" ", args) + " did not end within 3 minutes");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), elapsed);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
