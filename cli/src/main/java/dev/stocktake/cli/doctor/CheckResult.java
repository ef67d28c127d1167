package dev.stocktake.cli.doctor;

import java.util.List;

/**
 * What one check found.
 *
 * @param check    the check's short name ({@code stackset}, {@code reports}, ...)
 * @param status   OK, PROBLEM or UNKNOWN
 * @param summary  one line: what was checked and what was found
 * @param fix      what to do about the whole check (a PROBLEM or UNKNOWN), or null
 * @param findings one entry per thing that is wrong (an account, a view, an alarm), each with its own fix
 */
record CheckResult(String check, Status status, String summary, String fix, List<Finding> findings) {

    CheckResult {
        findings = List.copyOf(findings);
    }

    static CheckResult ok(String check, String summary) {
        return new CheckResult(check, Status.OK, summary, null, List.of());
    }

    static CheckResult problem(String check, String summary, String fix, List<Finding> findings) {
        return new CheckResult(check, Status.PROBLEM, summary, fix, findings);
    }

    static CheckResult unknown(String check, String summary, String fix) {
        return new CheckResult(check, Status.UNKNOWN, summary, fix, List.of());
    }

    /** OK when nothing was found wrong, else PROBLEM with the findings. */
    static CheckResult of(String check, String summary, List<Finding> findings) {
        return findings.isEmpty() ? ok(check, summary) : problem(check, summary, null, findings);
    }

    /** The outcome of a check. */
    enum Status {
        /** Checked and as it should be. */
        OK,
        /** Checked and wrong: each finding says what to do. */
        PROBLEM,
        /** Could not be checked (access denied, no credentials for that account): says which permission is missing. */
        UNKNOWN
    }

    /**
     * One thing that is wrong.
     *
     * @param subject what it is about: an account ({@code 111122223333 (payments-prd)}), a view, an alarm
     * @param problem what is wrong, and why where the doctor can tell
     * @param fix     what to do
     */
    record Finding(String subject, String problem, String fix) {
    }
}
