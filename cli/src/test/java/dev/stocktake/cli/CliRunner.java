package dev.stocktake.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import picocli.CommandLine;

/** Runs the stocktake command as {@code main} does, with a given environment, and keeps what it printed. */
final class CliRunner {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    /** What {@code stocktake sql} reads as its statements when given no other (stdin, not a terminal). */
    String stdin = "";
    /** How {@code stocktake sql} starts a kept engine ({@code null}: through the launcher, when it is given). */
    KeptEngine.Spawner spawner;
    /** The folder {@code stocktake sql} reads relative paths from ({@code null}: this process's). */
    java.nio.file.Path workingDirectory;

    /** The exit code of {@code stocktake <args>}. */
    int run(Map<String, String> env, String... args) {
        CommandLine cli = StocktakeCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        SqlCommand sql = cli.getSubcommands().get("sql").getCommand();
        sql.stdin = new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sql.stdinIsTerminal = false;
        sql.stderrIsTerminal = false;
        sql.spawner = spawner;
        sql.workingDirectory = workingDirectory;
        return cli.execute(args);
    }
}
