package dev.stocktake.collector.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class of the test sources in a fresh JVM whose class path is one jar (a deployable) plus
 * only that class's own class files, so the jar has to bring everything else. The JVM gets the
 * flags the Lambda Java runtime uses and only the environment given.
 */
public final class FreshJvm {

    /** Where the copied test classes go (the failsafe run's working directory is the module). */
    private static final Path CLASSES = Path.of("target", "stand-in-classes");

    /** What a run printed and how it ended. */
    public record Run(int exit, String stdout, String stderr) {
    }

    private final Path jar;

    public FreshJvm(Path jar) {
        this.jar = jar;
    }

    /**
     * Runs {@code main} of {@code mainClass} (and its nested classes) with {@code args}, waiting at most
     * two minutes.
     */
    public Run run(Class<?> mainClass, Map<String, String> env, String... args) throws IOException, InterruptedException {
        copyClassFiles(mainClass);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-cp", jar + File.pathSeparator + CLASSES, mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("fresh-jvm-out", ".txt");
        Path err = Files.createTempFile("fresh-jvm-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(mainClass.getSimpleName() + " with " + jar + " did not finish within two minutes; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void copyClassFiles(Class<?> mainClass) throws IOException {
        String classFile = mainClass.getName().replace('.', '/');
        Path compiled = Path.of("target", "test-classes", classFile + ".class");
        try (var siblings = Files.list(compiled.getParent())) {
            for (Path source : siblings.filter(p -> p.getFileName().toString().equals(compiled.getFileName().toString())
                    || p.getFileName().toString().startsWith(mainClass.getSimpleName() + "$")).toList()) {
                Path target = CLASSES.resolve(classFile).resolveSibling(source.getFileName());
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
