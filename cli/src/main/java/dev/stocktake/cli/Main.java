package dev.stocktake.cli;

import picocli.CommandLine;

/** Entry point of {@code ./stocktake}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(StocktakeCommand.commandLine(System.getenv()).execute(args));
    }
}
