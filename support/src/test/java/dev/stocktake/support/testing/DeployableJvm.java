package dev.stocktake.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a handler from the deployable jar alone in a fresh JVM, the way the Lambda runtime does: the jar plus only the
 * stand-in classes that play the runtime (copied out of the test class path), an environment that is exactly the one
 * given, the runtime's JVM flags.
 *
 * @param jar        the deployable jar
 * @param standIns   the folder the stand-in classes are copied to
 * @param main       the stand-in whose {@code main} constructs the handler and invokes it once
 */
public record DeployableJvm(Path jar, Path standIns, Class<?> main) {

    /** What the process exited with and printed. */
    public record Run(int exit, String stdout, String stderr) {
    }

    /** Copies {@code main} and the other stand-ins (not the test class path: the jar must bring everything else). */
    public static DeployableJvm prepare(Path jar, Path standIns, Class<?> main, Class<?>... others) throws IOException {
        for (Class<?> type : java.util.stream.Stream.concat(java.util.stream.Stream.of(main), List.of(others).stream()).toList()) {
            String classFile = type.getName().replace('.', '/') + ".class";
            Path target = standIns.resolve(classFile);
            Files.createDirectories(target.getParent());
            // from the class loader, not a folder: a shared stand-in (StandInContext) comes from this module's test jar
            try (java.io.InputStream bytes = type.getClassLoader().getResourceAsStream(classFile)) {
                if (bytes == null) {
                    throw new IOException("no class file " + classFile + " on the test class path");
                }
                Files.copy(bytes, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new DeployableJvm(jar, standIns, main);
    }

    /** One invocation with {@code input} as the event; fails the test when it takes more than two minutes. */
    public Run run(Map<String, String> env, String input) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", jar + File.pathSeparator + standIns, main.getName(), input);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("deployable-out", ".txt");
        Path err = Files.createTempFile("deployable-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished within two minutes", main.getSimpleName()).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
