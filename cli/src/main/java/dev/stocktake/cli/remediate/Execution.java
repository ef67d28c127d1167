package dev.stocktake.cli.remediate;

import java.io.PrintWriter;
import java.time.Clock;

import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.Guards;
import dev.stocktake.remediation.Journal;
import dev.stocktake.remediation.PlanException;
import dev.stocktake.remediation.Remediator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What {@code apply} and {@code undo} share: {@code --execute}, the {@link Remediator} they run, the summary of a
 * run (also printed by {@code stocktake demo}) and the exit code and message of each way it can fail.
 */
public final class Execution {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--execute", description = "Act (default: a dry run that changes nothing).")
    boolean execute;

    /**
     * How a command speaks of its run.
     *
     * @param command the command's name in messages, e.g. {@code stocktake remediate apply}
     * @param acted   the summary's first word when it acted ({@code Applied})
     * @param dryRun  the summary's first words on a dry run
     * @param done    what a step that ran is ({@code done}, {@code undone})
     * @param wouldDo what a step that would run does ({@code would run})
     */
    public record Words(String command, String acted, String dryRun, String done, String wouldDo) {
    }

    public static final Words APPLY = new Words("stocktake remediate apply", "Applied", "Dry run", "done", "would run");
    public static final Words UNDO = new Words("stocktake remediate undo", "Undo", "Dry run of undo", "undone", "would be undone");

    /** One run of the remediator, its clients opened and closed inside. */
    @FunctionalInterface
    interface Work {
        Remediator.Result run(PrintWriter out);
    }

    /** The remediator acting (or, without {@code --execute}, checking) with these clients, echoing to {@code out}. */
    Remediator remediator(AccountClients accounts, Journal journal, Guards guards, PrintWriter out) {
        return new Remediator(accounts, journal, guards, Clock.systemUTC(), out, execute);
    }

    /**
     * Runs {@code work}, says what it did, and returns the exit code; each failure is one line on stderr, an AWS error
     * followed by {@code awsHint} (what to check; empty for nothing).
     */
    int run(Words words, String awsHint, Work work) {
        Operator.quietLoggingOfLibraries();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Remediator.Result result = work.run(out);
            summarize(out, words, execute, result);
            out.flush();
            return result.refused() ? Operator.REFUSED : Operator.OK;
        } catch (PlanException e) {
            err.println(words.command() + ": " + e.getMessage());
            return Operator.USAGE;
        } catch (Remediator.StepFailedException | Journal.JournalException e) {
            out.flush();
            err.println(words.command() + ": " + e.getMessage());
            return Operator.FAILED;
        } catch (SdkException e) {
            out.flush();
            err.println(words.command() + ": AWS refused or failed: " + e.getMessage() + awsHint);
            return Operator.FAILED;
        } catch (IllegalArgumentException e) {
            err.println(words.command() + ": " + e.getMessage());
            return Operator.USAGE;
        } catch (IllegalStateException e) {
            err.println(words.command() + ": " + e.getMessage());
            return Operator.FAILED;
        }
    }

    /** The lines that end a run: the counts, and on a dry run that would act, how to act. */
    public static void summarize(PrintWriter out, Words words, boolean execute, Remediator.Result result) {
        out.printf("%s: %d %s, %d already %s before, %d %s, %d refused%n", execute ? words.acted() : words.dryRun(),
                result.done(), words.done(), result.alreadyDone(), words.done(), result.wouldDo(), words.wouldDo(),
                result.refusals().size());
        if (!execute && result.wouldDo() > 0) {
            out.println("Nothing was changed. Run again with --execute to act.");
        }
    }
}
