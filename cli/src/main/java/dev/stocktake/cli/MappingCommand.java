package dev.stocktake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.stocktake.allowlist.IdentityMapping;
import dev.stocktake.allowlist.IdentityMappingEntry;
import dev.stocktake.allowlist.IdentityMappingException;

/** {@code stocktake mapping check}: validates the identity mapping (IAM user to Identity Center person). */
@Command(name = "mapping",
        mixinStandardHelpOptions = true,
        description = "Works with the identity mapping of IAM users to Identity Center people (allowlist/identity-mapping.csv).",
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake mapping check",
                "      Validate allowlist/identity-mapping.csv."},
        subcommands = MappingCommand.Check.class)
final class MappingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check",
            mixinStandardHelpOptions = true,
            description = {"Validates the identity mapping: every problem is named as <file>:<line>: <field>: <problem> -- "
                    + "<what to do>.",
                    "Prints the number of entries when the file is valid."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid", "2:not valid, or the file cannot be read"},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  ./stocktake mapping check",
                    "      Validate allowlist/identity-mapping.csv and print its number of entries.",
                    "  ./stocktake mapping check my-mapping.csv",
                    "      Validate another file."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE", defaultValue = IdentityMapping.DEFAULT_FILE,
                description = "The identity mapping (default ${DEFAULT-VALUE}).")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            IdentityMapping mapping;
            try {
                mapping = IdentityMapping.parse(file);
            } catch (NoSuchFileException e) {
                err.println("stocktake mapping check: " + file + " does not exist (give the file, or run from the "
                        + "repository root for " + IdentityMapping.DEFAULT_FILE + ")");
                return ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("stocktake mapping check: cannot read " + file + ": " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (IdentityMappingException e) {
                err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            long everyAccount = mapping.entries().stream().filter(IdentityMappingEntry::isEveryAccount).count();
            int count = mapping.entries().size();
            out.printf("%s: valid, %d entr%s (%d for every account, %d for one account)%n", file, count,
                    count == 1 ? "y" : "ies", everyAccount, count - everyAccount);
            return ExitCodes.OK;
        }
    }
}
