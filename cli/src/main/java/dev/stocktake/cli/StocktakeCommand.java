package dev.stocktake.cli;

import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.stocktake.cli.doctor.DoctorCommand;

/** {@code stocktake}: the command-line tool for local use. */
@Command(name = "stocktake",
        mixinStandardHelpOptions = true,
        versionProvider = StocktakeCommand.Version.class,
        description = "Takes stock of every IAM user in every account of an AWS Organization.",
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
        return cli;
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
