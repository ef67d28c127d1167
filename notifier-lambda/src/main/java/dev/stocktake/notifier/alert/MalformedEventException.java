package dev.stocktake.notifier.alert;

/**
 * A message on the alert queue is not a CloudTrail IAM event the alerts understand. It is returned as a batch item
 * failure, so after the queue's retries it lands in the dead-letter queue (alarmed on) instead of vanishing.
 */
public final class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
