package dev.stocktake.support.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * cfn-lint for the tests that lint synthesized templates (the CDK app's, the QuickSight definitions'): found on the
 * PATH or, on a machine without it, installed with pip first; never skipped.
 */
public final class CfnLint {

    /** The version scripts/lib/common.sh installs. */
    public static final String VERSION = "1.51.0";

    /** What a process exited with and printed (stdout and stderr together). */
    public record Result(int exit, String output) {
    }

    private CfnLint() {
    }

    /** cfn-lint with {@code args}, in {@code parseable} format (file:line:col:endline:endcol:RULE:message). */
    public static Result lint(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable(), "--format", "parseable"));
        command.addAll(args);
        return run(command);
    }

    /** The rule of one parseable line, e.g. {@code W3005}; empty when the line is not a finding. */
    public static String rule(String line) {
        String[] parts = line.split(":", 7);
        return parts.length >= 6 ? parts[5] : "";
    }

    private static String executable() throws IOException, InterruptedException {
        if (run(List.of("cfn-lint", "--version")).exit() == 0) {
            return "cfn-lint";
        }
        Result install = run(List.of("python3", "-m", "pip", "install", "--user", "cfn-lint==" + VERSION));
        String userBin = run(List.of("python3", "-m", "site", "--user-base")).output().strip() + "/bin/cfn-lint";
        if (install.exit() == 0 && Files.isExecutable(Path.of(userBin))) {
            return userBin;
        }
        throw new AssertionError("cfn-lint is not on PATH and `pip install cfn-lint` failed; install cfn-lint " + VERSION
                + " (pip install cfn-lint==" + VERSION + "):\n" + install.output());
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
