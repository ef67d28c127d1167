package dev.stocktake.cli.doctor;

/**
 * A check could not look: access was denied (naming the missing permission and the account), the credentials did
 * not work, or AWS did not answer. The check becomes UNKNOWN with this message and fix.
 */
final class CheckUnavailable extends RuntimeException {

    private final String fix;

    CheckUnavailable(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
