package dev.stocktake.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/** Entry point of {@code ./stocktake}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(StocktakeCommand.commandLine(System.getenv()).execute(args));
    }

    /**
     * Libraries' log lines: warnings and errors only, one line each on stderr (see {@code logging.properties}), unless
     * the user passed a configuration of their own ({@code -Djava.util.logging.config.file=...}).
     */
    static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream config = Main.class.getResourceAsStream("logging.properties")) {
            LogManager.getLogManager().readConfiguration(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CLI's logging.properties", e);
        }
    }
}
