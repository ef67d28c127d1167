package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./stocktake} as a user runs it. The engine commands start the JVM with the vector module, and the
 * JDK then prints {@value #INCUBATOR_WARNING} at every start: when stderr is a file or a pipe the launcher drops exactly
 * that line and passes every other one through, in order, with the command's exit code; on a terminal it leaves it.
 *
 * <p>The command is {@code sql} with a misspelt flag: the launcher gives it the vector module (its case statement), the
 * JVM starts, and the command stops at once with two lines on stderr and exit code 2, before any engine starts.
 * Runs after {@code package} (failsafe): the launcher then finds {@code target/stocktake-cli.jar} newer than every source
 * and runs it without building (a build would say so on stderr, and fail the exact comparisons below).
 * {@code STOCKTAKE_AOT=off}: no start-up cache to prepare for one failing command.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("stocktake");
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final List<String> COMMAND = List.of(LAUNCHER.toString(), "sql", "--dta", "x");
    /** What the command itself says on stderr, in this order. */
    private static final List<String> ERROR = List.of("stocktake sql: Unknown option: '--dta' (did you mean --data?)",
            "See 'stocktake sql --help'.");

    @BeforeAll
    static void the_launcher_runs_the_packaged_jar() {
        assertThat(LAUNCHER).as("the launcher at the repository's root").isExecutable();
        assertThat(ROOT.resolve("cli/target/stocktake-cli.jar")).as("packaged before this test (mvn verify runs it after package)")
                .isRegularFile();
        assertThat(ROOT.resolve("cli/target/lib")).isDirectory();
    }

    private static ProcessBuilder launcher(List<String> command) {
        ProcessBuilder process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        process.environment().put("STOCKTAKE_AOT", "off");
        return process;
    }

    /** The process's exit code, once it ended (a minute at most). */
    private static int exitCode(Process process) throws InterruptedException {
        return exitCode(process, 1);
    }

    /** The process's exit code, once it ended ({@code minutes} at most). */
    private static int exitCode(Process process, int minutes) throws InterruptedException {
        assertThat(process.waitFor(minutes, TimeUnit.MINUTES)).as("the launcher ended within " + minutes + " minute(s)").isTrue();
        return process.exitValue();
    }

    private static List<String> lines(byte[] text) {
        return new String(text, StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void through_a_pipe_the_incubator_warning_is_dropped_and_the_commands_lines_and_exit_code_kept(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path stdout = dir.resolve("stdout");
        Process process = launcher(COMMAND).redirectOutput(stdout.toFile()).start();

        byte[] stderr = process.getErrorStream().readAllBytes();

        assertThat(exitCode(process)).isEqualTo(2);
        assertThat(lines(stderr)).containsExactlyElementsOf(ERROR);
        assertThat(stdout).isEmptyFile();
    }

    @Test
    void through_a_pipe_stdout_goes_straight_through_and_a_success_stays_zero(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path stdout = dir.resolve("stdout");
        Process process = launcher(List.of(LAUNCHER.toString(), "sql", "--help")).redirectOutput(stdout.toFile()).start();

        byte[] stderr = process.getErrorStream().readAllBytes();

        assertThat(exitCode(process)).isZero();
        assertThat(lines(stderr)).isEmpty();
        assertThat(Files.readAllLines(stdout)).first().asString().startsWith("Usage: stocktake sql");
    }

    @Test
    void on_a_terminal_the_incubator_warning_stays() throws IOException, InterruptedException {
        // script (util-linux) runs the launcher on a new pseudo-terminal: stdout and stderr both go to it, and script
        // copies the terminal's output to its own stdout (lines end in CR LF); -e: script exits with the command's code
        List<String> command = List.of("script", "-qec", String.join(" ", COMMAND.stream().map(LauncherIT::quoted).toList()),
                "/dev/null");
        Process process = launcher(command).redirectErrorStream(true).start();

        byte[] terminal = process.getInputStream().readAllBytes();

        assertThat(exitCode(process)).isEqualTo(2);
        List<String> expected = new ArrayList<>(List.of(INCUBATOR_WARNING));
        expected.addAll(ERROR);
        assertThat(lines(terminal).stream().map(String::strip).toList()).containsExactlyElementsOf(expected);
    }

    /**
     * The engine {@code sql} keeps: the first statement starts it through this launcher (in a process of its own, which
     * outlives the command), the second is answered by it with the same output, and {@code --stop} stops it.
     */
    @Test
    void a_second_statement_is_answered_by_the_engine_the_first_left_running_until_stopped(@TempDir Path dir)
            throws IOException, InterruptedException {
        java.time.LocalDate yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
        Path day = Files.createDirectories(dir.resolve("reports").resolve(dev.stocktake.report.ReportKeys.datePath(yesterday)));
        Files.write(day.resolve("prod@111122223333.csv"), dev.stocktake.cli.importer.HistoryFixtures.awsReport("111122223333"));
        Path cache = dir.resolve("cache");
        List<String> question = List.of(LAUNCHER.toString(), "sql", "--data", dir.resolve("reports").toString(),
                "--format", "csv", "-e", "select count(*) as users from iam_users");
        try {
            List<String> outputs = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                ProcessBuilder builder = launcher(question);
                builder.environment().put("STOCKTAKE_CACHE", cache.toString());
                Process process = builder.redirectError(dir.resolve("stderr-" + run).toFile()).start();
                outputs.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                // the first starts an engine without the start-up cache (STOCKTAKE_AOT=off): minutes on a loaded machine
                assertThat(exitCode(process, 5)).as(Files.readString(dir.resolve("stderr-" + run))).isZero();
                assertThat(dir.resolve("stderr-" + run)).isEmptyFile();
            }

            assertThat(outputs).containsExactly("users\r\n4\r\n", "users\r\n4\r\n");
            Path log;
            try (var files = Files.list(cache.resolve("engines"))) {
                log = files.filter(file -> file.toString().endsWith(".log")).findFirst().orElseThrow();
            }
            assertThat(Files.readAllLines(log)).as("the kept engine's log")
                    .filteredOn(line -> line.contains(" served a command in ")).hasSize(2);
        } finally {
            ProcessBuilder stop = launcher(List.of(LAUNCHER.toString(), "sql", "--stop"));
            stop.environment().put("STOCKTAKE_CACHE", cache.toString());
            Process process = stop.start();
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exitCode(process)).isZero();
            assertThat(said).isEqualTo("Stopped 1 query engine kept in the background.\n");
        }
    }

    /** {@code text} as one shell word. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
