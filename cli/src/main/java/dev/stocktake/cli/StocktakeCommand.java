package dev.stocktake.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.stocktake.cli.doctor.DoctorCommand;

/** {@code stocktake}: the command-line tool for local use. */
@Command(name = "stocktake",
        mixinStandardHelpOptions = true,
        versionProvider = StocktakeCommand.Version.class,
        description = "Takes stock of every IAM user in every account of an AWS Organization.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake demo",
                "      A local 60-day migration to SSO; open stocktake-demo/dashboard.html.",
                "  ./stocktake todo",
                "      What each owner has to do, from the demo's data.",
                "  ./stocktake collect --emulator",
                "      Collect a local emulated organization into stocktake-data/.",
                "  ./stocktake report --data stocktake-data",
                "      The dashboard of those reports, in stocktake-report/.",
                "  ./stocktake help COMMAND",
                "      The flags and examples of one command."},
        subcommands = {
                CollectCommand.class,
                AllowlistCommand.class,
                MappingCommand.class,
                SqlCommand.class,
                DemoCommand.class,
                ReportCommand.class,
                ImportCommand.class,
                TodoCommand.class,
                dev.stocktake.cli.remediate.RemediateCommand.class,
                DoctorCommand.class,
                EngineServeCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class StocktakeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: environment injected, errors as one clear line, exit codes documented. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new StocktakeCommand(), new EnvironmentFactory(env));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("stocktake: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.FAILED;
        });
        cli.setParameterExceptionHandler(StocktakeCommand::badUsage);
        cli.getSubcommands().get("help").getCommandSpec().usageMessage()
                .footerHeading("%nExamples:%n")
                .footer("  ./stocktake help report", "      The flags and examples of report, as ./stocktake report --help.");
        cli.getSubcommands().get("remediate").getSubcommands().get("help").getCommandSpec().usageMessage()
                .footerHeading("%nExamples:%n")
                .footer("  ./stocktake remediate help apply",
                        "      The flags and examples of apply, as ./stocktake remediate apply --help.");
        return cli;
    }

    /**
     * A usage error as one line naming the problem, and where to read more; exit code 2. An unknown option or command
     * is named as such, with the closest existing names, even when picocli first noticed a required option missing
     * (it reads {@code report --dta x} as no {@code --data} and two stray words).
     */
    static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException unknown
                ? unknown.getUnmatched() : command.getUnmatchedArguments();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + (unmatched.isEmpty() ? e.getMessage() : unknownArgument(command, unmatched)));
        err.println("See '" + name + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String unknownArgument(CommandLine command, List<String> unmatched) {
        String option = unmatched.stream().filter(arg -> arg.startsWith("-")).findFirst().orElse(null);
        String first = option != null ? option.split("=", 2)[0] : unmatched.getFirst();
        String what = option != null ? "Unknown option"
                : command.getSubcommands().isEmpty() ? "Unexpected argument" : "Unknown command";
        Collection<String> names = option != null ? command.getCommandSpec().optionsMap().keySet()
                : command.getSubcommands().keySet();
        List<String> suggestions = Suggestions.closest(first, names);
        return what + ": '" + first + "'" + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)");
    }

    /** Gives commands that want it the environment, so tests can pass their own. */
    private record EnvironmentFactory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Map.class).newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"stocktake " + dev.stocktake.collector.CollectorFactory.version()};
        }
    }
}
