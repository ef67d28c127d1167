package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistEntry;
import dev.stocktake.allowlist.AllowlistException;

/** {@code stocktake allowlist check}: validates the allowlist and lists its findings. */
@Command(name = "allowlist",
        mixinStandardHelpOptions = true,
        description = "Works with the allowlist of IAM users that may exist (allowlist/allowlist.csv).",
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake allowlist check",
                "      Validate allowlist/allowlist.csv; list expired and expiring entries."},
        subcommands = AllowlistCommand.Check.class)
final class AllowlistCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check",
            mixinStandardHelpOptions = true,
            description = {"Validates the allowlist: every problem is named with its line and field.",
                    "Lists entries that have expired (findings, with their owner) and entries expiring within 30 days."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid (expired entries are findings, not errors)", "2:not valid, or the file cannot be read"},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  ./stocktake allowlist check",
                    "      Validate allowlist/allowlist.csv as of today.",
                    "  ./stocktake allowlist check --today 2027-01-31 my-allowlist.csv",
                    "      Validate another file, judging expiry as of a given day."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE", defaultValue = "allowlist/allowlist.csv",
                description = "The allowlist (default ${DEFAULT-VALUE}).")
        Path file;

        @Option(names = "--today", paramLabel = "YYYY-MM-DD", description = "Judge expiry as of this day (default today, UTC).")
        LocalDate today;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                err.println("stocktake allowlist check: " + file + " does not exist");
                return ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("stocktake allowlist check: cannot read " + file + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Allowlist allowlist;
            try {
                allowlist = Allowlist.parse(file.toString(), content);
            } catch (AllowlistException e) {
                err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            LocalDate day = today != null ? today : LocalDate.now(Clock.systemUTC());
            out.printf("%s: valid, %d entr%s%n", file, allowlist.entries().size(), allowlist.entries().size() == 1 ? "y" : "ies");
            List<AllowlistEntry> expired = allowlist.expiredOn(day);
            for (AllowlistEntry entry : expired) {
                out.printf("  expired on %s (line %d): account %s, user %s; owner %s%n", entry.expires(), entry.line(),
                        entry.account(), entry.user(), entry.owner());
            }
            allowlist.entries().stream()
                    .filter(e -> e.inForce(day) && e.expires().isBefore(day.plusDays(30)))
                    .forEach(entry -> out.printf("  expires on %s (line %d): account %s, user %s; owner %s%n",
                            entry.expires(), entry.line(), entry.account(), entry.user(), entry.owner()));
            return ExitCodes.OK;
        }
    }
}
