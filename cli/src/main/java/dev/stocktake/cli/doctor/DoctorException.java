package dev.stocktake.cli.doctor;

/** Bad usage or configuration (exit 2): the config file, a profile, credentials of the wrong account. */
final class DoctorException extends RuntimeException {

    DoctorException(String message) {
        super(message);
    }
}
