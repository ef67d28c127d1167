package dev.stocktake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stocktake engine-serve}: the query engine {@code stocktake sql} keeps in the background (see
 * {@link KeptEngine}), started by it through the launcher; not for users, hence hidden from the help.
 */
@Command(name = "engine-serve", hidden = true,
        description = "Runs the query engine stocktake sql keeps in the background over one folder (started by it).")
final class EngineServeCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Option(names = "--socket", required = true, paramLabel = "PATH", description = "The Unix socket to listen on.")
    Path socket;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The folder the engine reads.")
    Path data;

    EngineServeCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        // the log (stderr, sent to the engine's log file by the client that started it), taken before the engine's
        // logging replaces System.err
        PrintStream log = System.err;
        Duration idle = KeptEngines.idle(env, log);
        try (KeptEngineServer server = KeptEngineServer.open(socket, env, idle, log)) {
            if (server == null) {
                log.println(Instant.now() + " another engine serves " + data + ": nothing to do");
                return ExitCodes.OK;
            }
            log.println(Instant.now() + " starting over " + data);
            server.startAhead(data);
            server.serve();
        }
        return ExitCodes.OK;
    }
}
