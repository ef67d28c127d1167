package dev.stocktake.remediation;

import java.util.List;
import java.util.Set;

/** Names and rules every part of remediation shares. */
public final class Remediation {

    /** The inline policy a quarantine puts on a user: denies every action on every resource. */
    public static final String DENY_POLICY_NAME = "stocktake-quarantine-deny-all";

    /** The policy document of {@link #DENY_POLICY_NAME}. */
    public static final String DENY_POLICY_DOCUMENT = """
            {"Version":"2012-10-17","Statement":[{"Sid":"StocktakeQuarantine","Effect":"Deny","Action":"*","Resource":"*"}]}""";

    /** The default name of the role assumed in each account. */
    public static final String DEFAULT_ROLE_NAME = "stocktake-remediation";

    /** The journal's prefix in the central bucket. */
    public static final String JOURNAL_PREFIX = "remediation/";

    /** The verdicts of {@code migration_status} a plan may act on; every other verdict is never planned. */
    public static final Set<String> REMOVABLE_VERDICTS = Set.of("ready_to_remove", "no_identity");

    /** The credential report's row of the root user: never in a plan. */
    public static final String ROOT_USER = "<root_account>";

    /** What a plan says plainly about what cannot come back. */
    public static final List<String> QUARANTINE_NOTES = List.of(
            "Quarantine is reversible with `stocktake remediate undo`: keys are re-activated and the deny-all policy removed.",
            "A deleted console password cannot come back: undo creates a new login profile with a random password that "
                    + "nobody knows and password reset required; an administrator then sets a temporary password "
                    + "(aws iam update-login-profile --password-reset-required) and hands it to the person.",
            "Deletion is a separate, later plan (stocktake remediate plan --delete) after the watch window.");

    public static final List<String> DELETE_NOTES = List.of(
            "Deletion is NOT reversible. A snapshot of the user (groups, attached and inline policies, tags, MFA devices, "
                    + "SSH keys, signing certificates, service-specific credentials, permissions boundary) is stored in "
                    + "the journal first, so the user can be re-created by hand.",
            "Access key secrets cannot be restored: a re-created user gets new keys. Virtual MFA devices are deactivated, "
                    + "not deleted; the person must enrol again. Service-specific credential passwords cannot be restored either.");

    private Remediation() {
    }
}
