package dev.stocktake.notifier;

import java.util.stream.Collectors;

/** The digest did not go out on every channel; the message names each failed channel and why. */
public final class NotifierException extends RuntimeException {

    private final transient NotifierResult result;

    public NotifierException(NotifierResult result) {
        super("Digest of " + result.day() + " not delivered: " + result.deliveries().stream()
                .filter(d -> d.status() == NotifierResult.Status.FAILED)
                .map(d -> d.detail())
                .collect(Collectors.joining("; "))
                + ". Channels that did take it are not sent again when this run is retried.");
        this.result = result;
    }

    public NotifierResult result() {
        return result;
    }
}
