package dev.stocktake.cli.sql;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether the process's standard streams are terminals (isatty), through jline's native or exec provider. */
public final class Terminals {

    private Terminals() {
    }

    public static boolean isTerminal(SystemStream stream) {
        for (String provider : new String[] {"ffm", "exec"}) {
            try {
                return TerminalProvider.load(provider).isSystemStream(stream);
            } catch (Exception | LinkageError e) {
                // this provider cannot tell on this JVM or platform (e.g. no native access): try the next
            }
        }
        return false;
    }
}
