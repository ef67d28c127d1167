package dev.stocktake.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.sql.engine.ReportFolder;

/**
 * The shell's commands and checks, which need no engine: the engine here refuses to start, so a statement that
 * passes the checks shows that refusal as its error (the session goes on). {@code SqlCommandTest} runs statements on
 * the real engine.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShellTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Shell shell(Path dir) {
        Engine engine = new Engine(new ReportFolder(dir, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), 2),
                new PrintWriter(err), false, folder -> {
                    throw new IllegalStateException("no engine in this test");
                });
        return new Shell(Names.shipped(), engine, Output.of("table", null, false), new PrintWriter(out),
                new PrintWriter(err), "<stdin>");
    }

    private int run(Path dir, String input) {
        return shell(dir).run(Shell.lines(new BufferedReader(new StringReader(input))));
    }

    @Test
    void commands_list_and_describe_and_errors_do_not_end_the_session(@TempDir Path dir) {
        int exit = run(dir, String.join("\n",
                "\\?",
                ".views",
                "\\d credential_reports",
                "\\d consol_users",
                "select * frm iam_users;",
                "-- a comment line",
                "select user_name",
                "from iam_userz;",
                "\\x",
                "select 1;",
                "\\q",
                "select 2;",
                ""));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("Statements end with ';' and may span lines.")
                .contains("Views (select * from NAME; \\d NAME for the columns):")
                .contains("  console_users                Which IAM users can sign in to the AWS console")
                .contains("Tables (the files as they are):")
                .contains("  credential_reports ")
                .contains("column | type")
                .contains("c01    | string");
        assertThat(err.toString().lines()).containsExactly(
                "error: no table or view named 'consol_users'; did you mean 'console_users'?; \\d lists them",
                "error: <stdin>:1:10: mismatched input 'frm'. Expecting: ',', 'EXCEPT', 'FETCH', 'FROM', 'GROUP', 'HAVING', "
                        + "'INTERSECT', 'LIMIT', 'OFFSET', 'ORDER', 'UNION', 'WHERE', 'WINDOW', <EOF>",
                "error: <stdin>:2:6: no table or view named 'iam_userz'; did you mean 'iam_users'? (the views: ./stocktake sql --list)",
                "error: unknown command '\\x'; \\? lists the commands",
                // the one statement that passed the checks went to the engine; nothing after \q ran
                "error: no engine in this test");
    }

    @Test
    void a_statement_without_its_semicolon_at_the_end_is_not_run_and_said(@TempDir Path dir) {
        assertThat(run(dir, "select user_name\nfrom iam_users\n")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: <stdin>: the last statement does not end with ';': not run"
                + System.lineSeparator());
    }

    @Test
    void only_commands_and_an_empty_input_succeed(@TempDir Path dir) {
        assertThat(run(dir, "")).isZero();
        assertThat(run(dir, "\\d\nexit\n")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void ctrl_c_drops_the_statement_being_typed(@TempDir Path dir) {
        Deque<Object> lines = new ArrayDeque<>(List.of("select * from", new Shell.Cancelled(), "\\d coverage_percent", "\\q"));
        int exit = shell(dir).run(prompt -> {
            Object next = lines.poll();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (String) next;
        });

        assertThat(exit).isEqualTo(1);
        // after Ctrl-C, the next line is a command again, not the rest of "select * from"
        assertThat(err.toString()).startsWith("error: no table or view named 'coverage_percent'; did you mean 'coverage'?");
    }

    @Test
    void on_jlines_dumb_terminal_the_prompt_shows_and_history_is_kept(@TempDir Path dir) throws IOException {
        Path history = dir.resolve("history");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        byte[] typed = "\\d\nselect count(*)\n  from iam_userz;\n\\q\n".getBytes(StandardCharsets.UTF_8);
        int exit;
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed), screen)) {
            exit = shell(dir).run(Shell.jline(terminal, history, Names.shipped()));
        }

        assertThat(exit).isEqualTo(1);
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains(Shell.PROMPT).contains(Shell.CONTINUATION);
        assertThat(out.toString()).contains("Views (select * from NAME; \\d NAME for the columns):");
        assertThat(err.toString()).startsWith("error: <stdin>:2:8: no table or view named 'iam_userz'");
        assertThat(Files.readString(history)).contains("\\d").contains("from iam_userz;").contains("\\q");
    }
}
