package dev.stocktake.support.testing;

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
 * Runs a class in a fresh JVM the way the Lambda runtime runs a handler: the deployable jar plus only the stand-in
 * classes that play the runtime (copied out of the test class path with their nested classes), an environment that
 * is exactly the one given, the runtime's JVM flags. So the jar has to bring everything else.
 *
 * @param jar        the deployable jar
 * @param standIns   the folder the stand-in classes are copied to
 * @param main       the stand-in whose {@code main} runs (e.g. constructs the handler and invokes it once)
 */
public record DeployableJvm(Path jar, Path standIns, Class<?> main) {

    /** What the process exited with and printed. */
    public record Run(int exit, String stdout, String stderr) {
    }

    /** Copies {@code main} and the other stand-ins (not the test class path: the jar must bring everything else). */
    public static DeployableJvm prepare(Path jar, Path standIns, Class<?> main, Class<?>... others) throws IOException {
        for (Class<?> type : java.util.stream.Stream.concat(java.util.stream.Stream.of(main), List.of(others).stream()).toList()) {
            // nest members: the class itself and its nested, local and anonymous classes
            for (Class<?> member : type.getNestMembers()) {
                copy(member, standIns);
            }
        }
        return new DeployableJvm(jar, standIns, main);
    }

    private static void copy(Class<?> type, Path standIns) throws IOException {
        String classFile = type.getName().replace('.', '/') + ".class";
        Path target = standIns.resolve(classFile);
        Files.createDirectories(target.getParent());
        // from the class loader, not a folder: a shared stand-in (StandInContext) comes from support's test jar
        try (java.io.InputStream bytes = type.getClassLoader().getResourceAsStream(classFile)) {
            if (bytes == null) {
                throw new IOException("no class file " + classFile + " on the test class path");
            }
            Files.copy(bytes, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The environment every run needs: the emulator's test credentials, region and endpoint. Mutable, to add to. */
    public static Map<String, String> awsEnvironment(java.net.URI endpoint) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        return env;
    }

    /** The names of the jar's entries. */
    public List<String> entries() throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.stream().map(java.util.jar.JarEntry::getName).toList();
        }
    }

    /** One run of {@code main} with {@code args}; fails the test when it takes more than two minutes. */
    public Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-cp", jar + File.pathSeparator + standIns, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile("deployable-out", ".txt");
        Path err = Files.createTempFile("deployable-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " with " + jar + " did not finish within two minutes; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
