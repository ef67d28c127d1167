package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;

/**
 * {@code stocktake sql} answered by the engine it keeps in the background ({@link KeptEngine}): the same output, exit
 * code and warnings as a run on its own engine, a changed folder read as it is now, and every way the kept engine can
 * fail leaving the statement to the command's own engine. The engines here run in this JVM (the launcher is not there
 * to start one); {@code LauncherIT} starts them through {@code ./stocktake}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KeptEngineTest {

    private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final String QUESTION = "select account_id, count(*) as users from iam_users group by account_id order by 1";

    @TempDir
    Path data;
    @TempDir
    Path cache;

    private final AtomicInteger spawns = new AtomicInteger();
    private final List<Thread> engines = new ArrayList<>();
    private final List<KeptEngineServer> servers = new ArrayList<>();
    private Duration idle = Duration.ofMinutes(10);
    private Map<String, String> env;

    /** Starts the engine in this JVM, as {@code ./stocktake engine-serve} would in its own process. */
    private final KeptEngine.Spawner inThisJvm = (socket, folder, log) -> {
        spawns.incrementAndGet();
        PrintStream logStream = new PrintStream(new FileOutputStream(log.toFile(), true), true);
        KeptEngineServer server = KeptEngineServer.open(socket, env, idle, logStream);
        if (server == null) {
            return () -> false;
        }
        servers.add(server);
        Thread thread = new Thread(() -> {
            try (server) {
                server.startAhead(folder);
                server.serve();
            }
        }, "kept-engine-under-test");
        thread.start();
        engines.add(thread);
        return thread::isAlive;
    };

    @BeforeEach
    void reports() throws IOException {
        Path day = Files.createDirectories(data.resolve(ReportKeys.datePath(YESTERDAY)));
        Files.write(day.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        // the seed's layout, without the account ID: kept out of every number and named on stderr
        Files.write(day.resolve("legacy.csv"), HistoryFixtures.awsReport("444455556666"));
        env = new HashMap<>(Map.of("STOCKTAKE_CACHE", cache.toString()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        servers.forEach(KeptEngineServer::close);
        for (Thread engine : engines) {
            engine.join(Duration.ofSeconds(30));
        }
    }

    /** A run of {@code stocktake <args>}: exit code, stdout, stderr. */
    private record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        CliRunner cli = new CliRunner();
        cli.spawner = inThisJvm;
        int exit = cli.run(env, args);
        return new Run(exit, cli.out.toString(), cli.err.toString());
    }

    private Run ownEngine(String... args) {
        Map<String, String> off = new HashMap<>(env);
        off.put("STOCKTAKE_ENGINE", "off");
        return run(off, args);
    }

    private Path log() throws IOException {
        try (var logs = Files.list(cache.resolve("engines"))) {
            return logs.filter(file -> file.toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    @Test
    void statements_are_answered_by_one_kept_engine_with_the_output_and_warnings_of_their_own() throws IOException {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        String[] view = {"sql", "--data", data.toString(), "--view", "console_users"};
        Run expectedQuestion = ownEngine(question);
        Run expectedView = ownEngine(view);
        assertThat(spawns).hasValue(0);

        Run first = run(env, question);
        Run second = run(env, view);
        Run third = run(env, question);

        assertThat(first).isEqualTo(expectedQuestion).isEqualTo(third);
        assertThat(first.out()).isEqualTo("account_id,users\r\n111122223333,4\r\n");
        assertThat(first.err()).contains("legacy.csv: not a report key");
        assertThat(second).isEqualTo(expectedView);
        assertThat(second.out()).contains("(2 rows)");
        assertThat(spawns).as("one engine started, kept for the next statements").hasValue(1);
        assertThat(servers.getFirst().served()).isEqualTo(3);
        assertThat(Files.readString(log())).contains("served a command in").doesNotContain("111122223333");
        assertThat(Files.getPosixFilePermissions(cache.resolve("engines")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void a_statement_failing_on_the_engine_says_the_same_and_exits_1() {
        String[] failing = {"sql", "--data", data.toString(), "-e", "select cast('x' as integer)"};
        Run expected = ownEngine(failing);

        Run kept = run(env, failing);

        assertThat(kept).isEqualTo(expected);
        assertThat(kept.exit()).isEqualTo(1);
        assertThat(kept.err()).isEqualTo("stocktake sql: <command line>: Cannot cast 'x' to INT" + System.lineSeparator());
        assertThat(spawns).hasValue(1);
    }

    @Test
    void relative_paths_are_read_from_the_folder_the_command_ran_in() throws IOException {
        Path question = Files.writeString(cache.resolve("question.sql"), QUESTION);
        CliRunner cli = new CliRunner();
        cli.spawner = inThisJvm;
        cli.workingDirectory = data.getParent();

        int exit = cli.run(env, "sql", "--data", data.getFileName().toString(), "--format", "csv",
                "--file", data.getParent().relativize(question).toString());

        assertThat(exit).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).isEqualTo("account_id,users\r\n111122223333,4\r\n");
        assertThat(spawns).hasValue(1);
        assertThat(servers.getFirst().served()).isEqualTo(1);
    }

    @Test
    void a_file_added_to_a_day_is_read_and_a_new_day_starts_the_engine_again() throws IOException {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        assertThat(run(env, question).out()).isEqualTo("account_id,users\r\n111122223333,4\r\n");

        Files.write(data.resolve(ReportKeys.datePath(YESTERDAY)).resolve("dev@555566667777.csv"),
                HistoryFixtures.awsReport("555566667777"));
        assertThat(run(env, question).out()).isEqualTo("account_id,users\r\n111122223333,4\r\n555566667777,4\r\n");
        assertThat(Files.readString(log())).doesNotContain("starting the engine again");

        Path today = Files.createDirectories(data.resolve(ReportKeys.datePath(YESTERDAY.plusDays(1))));
        Files.write(today.resolve("ops@888899990000.csv"), HistoryFixtures.awsReport("888899990000"));
        Run afterNewDay = run(env, question);

        assertThat(afterNewDay).isEqualTo(ownEngine(question));
        assertThat(afterNewDay.out()).isEqualTo("account_id,users\r\n111122223333,4\r\n555566667777,4\r\n888899990000,4\r\n");
        assertThat(Files.readString(log())).contains("starting the engine again");
        assertThat(spawns).hasValue(1);
    }

    @Test
    void the_shell_and_statements_that_may_change_the_catalog_run_on_their_own_engine() {
        Run ddl = run(env, "sql", "--data", data.toString(), "-e", "create or replace view mine as select 1 as one");
        CliRunner shell = new CliRunner();
        shell.spawner = inThisJvm;
        shell.stdin = "select 1;";
        int shellExit = shell.run(env, "sql", "--data", data.toString());

        assertThat(ddl.exit()).as(ddl.err()).isZero();
        assertThat(shellExit).as(shell.err.toString()).isZero();
        assertThat(spawns).hasValue(0);
    }

    @Test
    void without_a_cache_or_with_STOCKTAKE_ENGINE_off_no_engine_is_kept() {
        Map<String, String> noCache = Map.of("STOCKTAKE_CACHE", "off");

        assertThat(run(noCache, "sql", "--data", data.toString(), "-e", "select 1").exit()).isZero();
        assertThat(ownEngine("sql", "--data", data.toString(), "-e", "select 1").exit()).isZero();

        assertThat(spawns).hasValue(0);
        assertThat(cache.resolve("engines")).doesNotExist();
    }

    /** A fake engine on {@code socket}: takes one request, then does {@code then} and closes. */
    private static Thread fakeEngine(ServerSocketChannel listening, java.util.function.Consumer<SocketChannel> then) {
        Thread thread = new Thread(() -> {
            try (listening; SocketChannel client = listening.accept()) {
                Channels.newInputStream(client).read(); // the request's first byte
                then.accept(client);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "fake-engine");
        thread.start();
        return thread;
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private Path socket() throws IOException {
        return KeptEngines.forFolder(env, cache, data.toRealPath(), inThisJvm).socket();
    }

    @Test
    void an_engine_that_stops_as_it_is_reached_is_replaced_by_a_new_one() throws Exception {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        Run expected = ownEngine(question);
        Thread stopping = fakeEngine(listen(socket()), client -> { });

        Run run = run(env, question);

        stopping.join();
        assertThat(run).isEqualTo(expected);
        assertThat(spawns).as("a new engine, once").hasValue(1);
        assertThat(servers.getFirst().served()).isEqualTo(1);
    }

    @Test
    void a_socket_left_by_an_engine_that_died_is_replaced() throws Exception {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        Run expected = ownEngine(question);
        Path socket = socket();
        listen(socket).close(); // the file stays, nobody listens: as after kill -9
        assertThat(socket).exists();

        Run run = run(env, question);

        assertThat(run).isEqualTo(expected);
        assertThat(spawns).hasValue(1);
    }

    @Test
    void a_new_engine_that_stops_before_it_answers_leaves_the_statement_to_the_command() throws IOException {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        Run expected = ownEngine(question);
        List<Thread> fakes = new ArrayList<>();
        CliRunner cli = new CliRunner();
        cli.spawner = (socket, folder, log) -> {
            spawns.incrementAndGet();
            Thread fake = fakeEngine(listen(socket), client -> { }); // dies without a word
            fakes.add(fake);
            return fake::isAlive;
        };

        int exit = cli.run(env, question);

        assertThat(exit).isZero();
        assertThat(cli.out.toString()).isEqualTo(expected.out());
        String log = socket().resolveSibling(socket().getFileName().toString().replace(".sock", ".log")).toString();
        assertThat(cli.err.toString()).startsWith("stocktake sql: the query engine kept in the background stopped before it answered")
                .contains("(its log: " + log + "); running the statement in this process" + System.lineSeparator())
                .endsWith(expected.err());
        assertThat(cli.err.toString().lines()).hasSize(1 + (int) expected.err().lines().count());
        assertThat(spawns).hasValue(1);
    }

    @Test
    void an_engine_that_stops_while_it_prints_exits_1_saying_the_output_is_cut() throws IOException {
        CliRunner cli = new CliRunner();
        cli.spawner = (socket, folder, log) -> {
            spawns.incrementAndGet();
            Thread fake = fakeEngine(listen(socket), client -> {
                try {
                    java.io.DataOutputStream to = new java.io.DataOutputStream(Channels.newOutputStream(client));
                    EngineFrames.writeFrame(to, EngineFrames.STDOUT, "account_id,users\r\n1111".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return fake::isAlive;
        };

        int exit = cli.run(env, "sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION);

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out.toString()).as("printed once, never again by another engine").isEqualTo("account_id,users\r\n1111");
        assertThat(cli.err.toString()).startsWith("stocktake sql: the query engine kept in the background stopped while it"
                + " printed the result (its log: ").endsWith("): the output above is cut; run the statement again"
                + System.lineSeparator());
    }

    @Test
    void an_engine_that_does_not_start_leaves_the_statement_to_the_command() {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        Run expected = ownEngine(question);
        CliRunner cli = new CliRunner();
        cli.spawner = (socket, folder, log) -> {
            spawns.incrementAndGet();
            return () -> false; // exited at once, as with a launcher that fails
        };

        int exit = cli.run(env, question);

        assertThat(exit).isZero();
        assertThat(cli.out.toString()).isEqualTo(expected.out());
        assertThat(cli.err.toString()).startsWith("stocktake sql: the query engine kept in the background did not start")
                .endsWith(expected.err());
        assertThat(spawns).hasValue(1);
    }

    @Test
    void the_idle_time_is_whole_minutes_and_a_bad_value_is_said_on_the_log() {
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        PrintStream log = new PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8);

        assertThat(KeptEngines.idle(Map.of(), log)).isEqualTo(Duration.ofMinutes(10));
        assertThat(KeptEngines.idle(Map.of("STOCKTAKE_ENGINE_IDLE", " 3 "), log)).isEqualTo(Duration.ofMinutes(3));
        assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(KeptEngines.idle(Map.of("STOCKTAKE_ENGINE_IDLE", "0"), log)).isEqualTo(Duration.ofMinutes(10));
        assertThat(KeptEngines.idle(Map.of("STOCKTAKE_ENGINE_IDLE", "5m"), log)).isEqualTo(Duration.ofMinutes(10));

        assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .hasSize(2)
                .allMatch(line -> line.contains("STOCKTAKE_ENGINE_IDLE must be a whole number of minutes above 0"))
                .anyMatch(line -> line.endsWith("got '5m': using 10"));
    }

    @Test
    void a_log_past_its_limit_is_started_afresh_by_the_next_engine() throws IOException {
        Path engines = KeptEngines.engines(cache);
        Path socket = socket();
        Path log = engines.resolve(socket.getFileName().toString().replace(".sock", ".log"));
        Files.write(log, new byte[(int) KeptEngine.LOG_LIMIT + 1]);

        assertThat(run(env, "sql", "--data", data.toString(), "-e", "select 1").exit()).isZero();

        assertThat(Files.size(log)).isLessThan(KeptEngine.LOG_LIMIT);
        assertThat(Files.readString(log)).contains("served a command in");
    }

    @Test
    void a_launcher_that_cannot_be_run_leaves_the_statement_to_the_command() {
        String[] question = {"sql", "--data", data.toString(), "--format", "csv", "-e", QUESTION};
        Run expected = ownEngine(question);
        CliRunner cli = new CliRunner();
        cli.spawner = (socket, folder, log) -> {
            throw new IOException("Cannot run program \"/nowhere/stocktake\": No such file or directory");
        };

        int exit = cli.run(env, question);

        assertThat(exit).isZero();
        assertThat(cli.out.toString()).isEqualTo(expected.out());
        assertThat(cli.err.toString()).startsWith("stocktake sql: the query engine kept in the background could not be"
                + " started (Cannot run program \"/nowhere/stocktake\": No such file or directory) (its log: ")
                .endsWith("); running the statement in this process" + System.lineSeparator() + expected.err());
    }

    @Test
    void an_engine_that_never_listens_is_given_up_after_the_start_timeout() throws IOException {
        KeptEngine engine = KeptEngines.forFolder(env, cache, data.toRealPath(), (socket, folder, log) -> () -> true);
        engine.startTimeout = Duration.ofMillis(300);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();

        java.util.OptionalInt exit = engine.run(List.of("--data", data.toString(), "-e", "select 1"), data, false,
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));

        assertThat(exit).isEmpty();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("stocktake sql: the query engine kept in the background did not start (its log: ")
                .endsWith("); running the statement in this process" + System.lineSeparator());
    }

    @Test
    void an_idle_engine_stops_and_removes_its_socket() throws Exception {
        idle = Duration.ofMillis(300);
        assertThat(run(env, "sql", "--data", data.toString(), "-e", "select 1").exit()).isZero();
        Path socket = socket();

        engines.getFirst().join(Duration.ofSeconds(30));

        assertThat(engines.getFirst().isAlive()).isFalse();
        assertThat(socket).doesNotExist();
        assertThat(Files.readString(log())).contains("stopping: idle for 0 minute(s) (1 command(s) served)");
    }

    @Test
    void stop_stops_every_kept_engine() throws Exception {
        assertThat(run(env, "sql", "--data", data.toString(), "-e", "select 1").exit()).isZero();

        Run stop = run(env, "sql", "--stop");
        engines.getFirst().join(Duration.ofSeconds(30));
        Run again = run(env, "sql", "--stop");

        assertThat(stop).isEqualTo(new Run(0, "Stopped 1 query engine kept in the background." + System.lineSeparator(), ""));
        assertThat(engines.getFirst().isAlive()).isFalse();
        assertThat(again.out()).isEqualTo("No query engine was kept in the background." + System.lineSeparator());
    }

    @Test
    void a_second_engine_for_the_same_folder_steps_aside() throws IOException {
        Path socket = socket();
        PrintStream log = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (KeptEngineServer first = KeptEngineServer.open(socket, env, idle, log)) {
            assertThat(first).isNotNull();
            assertThat(KeptEngineServer.open(socket, env, idle, log)).isNull();
            assertThat(KeptEngines.locked(KeptEngines.lockOf(socket))).isTrue();
        }
        assertThat(socket).doesNotExist();
    }
}
