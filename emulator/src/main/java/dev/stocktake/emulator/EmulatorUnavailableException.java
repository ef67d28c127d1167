package dev.stocktake.emulator;

/** No local AWS emulator could be reached or started; the message says what to do. */
public final class EmulatorUnavailableException extends RuntimeException {
    public EmulatorUnavailableException(String message) {
        super(message);
    }
}
