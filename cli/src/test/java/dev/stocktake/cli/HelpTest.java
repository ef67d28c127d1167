package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every command's help, walked from {@code stocktake} down: commands added later are checked too. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HelpTest {

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(StocktakeCommand.commandLine(Map.of()), all);
        return all;
    }

    /** Every command a user sees: not the hidden ones, which the CLI runs itself (engine-serve). */
    private static void collect(CommandLine command, List<CommandLine> all) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    /** What the parent's command list shows: the first header line, else the first description line. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    @Test
    void walks_every_command() {
        assertThat(everyCommand()).extracting(command -> command.getCommandSpec().qualifiedName())
                .contains("stocktake", "stocktake collect", "stocktake report", "stocktake todo", "stocktake allowlist check",
                        "stocktake mapping check", "stocktake help");
    }

    @Test
    void every_summary_is_one_whole_sentence() {
        for (CommandLine command : everyCommand()) {
            String summary = summary(command.getCommandSpec());
            assertThat(summary).as(command.getCommandSpec().qualifiedName())
                    .matches("[A-Z][^\\n]*[.?!]")
                    // one sentence: no second one begins inside it
                    .doesNotContainPattern("[.?!] [A-Z]");
        }
    }

    @Test
    void every_command_has_examples_that_run_it() {
        for (CommandLine command : everyCommand()) {
            CommandSpec spec = command.getCommandSpec();
            String name = spec.qualifiedName();
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String examples = help.contains("Examples:") ? help.substring(help.indexOf("Examples:")) : "";

            assertThat(examples).as(name + " --help has an Examples section").isNotEmpty();
            assertThat(examples).as(name + "'s examples").contains("./" + name);
            // picocli wraps the footer at 80 columns: an example must not break in the middle of a path
            for (String line : spec.usageMessage().footer()) {
                assertThat(line.replace("%n", "").length()).as(name + " example line: " + line).isLessThanOrEqualTo(79);
            }
        }
    }

    @Test
    void the_command_list_shows_the_whole_summaries() {
        String help = StocktakeCommand.commandLine(Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");

        for (CommandLine sub : StocktakeCommand.commandLine(Map.of()).getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden()) {
                assertThat(help).doesNotContain(" " + sub.getCommandName() + " ");
            } else {
                assertThat(help).contains(summary(sub.getCommandSpec()).replaceAll("\\s+", " "));
            }
        }
    }

    @Test
    void the_engine_sql_keeps_runs_on_a_hidden_command() {
        CommandLine cli = StocktakeCommand.commandLine(Map.of());
        assertThat(cli.getSubcommands().get("engine-serve").getCommandSpec().usageMessage().hidden()).isTrue();
        assertThat(everyCommand()).extracting(command -> command.getCommandSpec().qualifiedName())
                .doesNotContain("stocktake engine-serve");
    }
}
