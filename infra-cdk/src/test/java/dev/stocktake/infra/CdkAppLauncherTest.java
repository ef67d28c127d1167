package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra-cdk/cdk.json}'s app command ({@code cdk-app.sh}) picks a JDK 25 the way {@code ./stocktake} does, and
 * without one stops with one line before Maven starts (with another Java, Maven died on its JVM options:
 * {@code Unrecognized option: --sun-misc-unsafe-memory-access=allow}). That the app synthesizes on Java 25 is what every
 * other test of this module shows ({@code Fixtures.stacks}, {@link CfnLintTest}).
 */
class CdkAppLauncherTest {
    private static final String MESSAGE = "Stocktake needs Java 25: set JAVA_HOME to a JDK 25";
    private static final Path INFRA = RepoPaths.locate().root().resolve("infra-cdk");

    @TempDir
    Path tmp;

    @Test
    void cdkJsonRunsTheLauncher() throws IOException {
        Map<?, ?> cdkJson = new ObjectMapper().readValue(INFRA.resolve("cdk.json").toFile(), Map.class);
        assertThat(cdkJson.get("app")).isEqualTo("bash cdk-app.sh");
        assertThat(INFRA.resolve("cdk-app.sh")).isRegularFile();
    }

    @Test
    void withOnlyJava17ItStopsWithOneLineAndNeverStartsMaven() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17");
        Result result = run(jdk17, "", jdk17);
        assertThat(result.exit).isEqualTo(1);
        assertThat(result.stderr).isEqualTo(MESSAGE + "\n");
        assertThat(result.stdout).isEmpty();
    }

    @Test
    void aJdk17OnThePathAndInTheSearchedFoldersIsNotTakenEither() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17");
        Path other17 = fakeJdk("other-17", "17.0.2");
        Result result = run(null, other17.toString(), jdk17);
        assertThat(result.exit).isEqualTo(1);
        assertThat(result.stderr).isEqualTo(MESSAGE + "\n");
    }

    @Test
    void withJavaHomeAtJava17ItSelectsAJdk25FromTheSearchedFolders() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17");
        Path jdk25 = Path.of(System.getProperty("java.home"));
        assertThat(jdk25.resolve("bin/javac")).as("the tests run on a JDK 25").isExecutable();
        Result result = run(jdk17, tmp.resolve("nothing-here") + " " + jdk25, jdk17);
        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(result.stdout.lines().toList()).first().isEqualTo("JAVA_HOME=" + jdk25);
        assertThat(result.stdout).contains("/mvnw ", " -pl infra-cdk -am package exec:java ",
                "-Dexec.mainClass=dev.stocktake.infra.StocktakeApp");
    }

    @Test
    void aJavaHomeAtJava25IsKept() throws Exception {
        Path jdk25 = fakeJdk("jdk-25", "25");
        Result result = run(jdk25, "", fakeJdk("jdk-17", "17"));
        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(result.stdout.lines().toList()).first().isEqualTo("JAVA_HOME=" + jdk25);
    }

    /** A directory that looks like a JDK of {@code version} to {@code java -XshowSettings:properties -version}. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve(name).resolve("bin"));
        String java = "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n"
                + "echo 'openjdk version \"" + version + "\"' >&2\n";
        for (String tool : List.of("java", "javac")) {
            Path file = bin.resolve(tool);
            Files.writeString(file, java);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return tmp.resolve(name);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    /**
     * Runs the launcher as the CDK CLI does (from infra-cdk/), with a dry run so that a selected JDK prints the command
     * instead of building.
     *
     * @param javaHome    JAVA_HOME, or null for none
     * @param search      the folders searched after JAVA_HOME ({@code STOCKTAKE_JDK_SEARCH})
     * @param pathJdk     the JDK whose {@code java} is first on the PATH
     */
    private Result run(Path javaHome, String search, Path pathJdk) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "cdk-app.sh").directory(INFRA.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", pathJdk.resolve("bin") + ":/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        }
        env.put("STOCKTAKE_JDK_SEARCH", search);
        env.put("STOCKTAKE_CDK_APP_DRY_RUN", "1");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
