package dev.stocktake.notifier.alert;

import java.util.Arrays;
import java.util.List;

/**
 * The IAM API calls Stocktake alerts on: the nine event names the forwarding rule in every member account matches.
 * Creations ({@link #creation()}) also go out by email.
 */
public enum IamChange {
    CREATE_USER("CreateUser", "IAM user created", true, false, false),
    DELETE_USER("DeleteUser", "IAM user deleted", false, false, false),
    CREATE_LOGIN_PROFILE("CreateLoginProfile", "console password created", true, true, false),
    UPDATE_LOGIN_PROFILE("UpdateLoginProfile", "console password changed", false, true, false),
    DELETE_LOGIN_PROFILE("DeleteLoginProfile", "console password deleted", false, false, false),
    CREATE_ACCESS_KEY("CreateAccessKey", "access key created", true, false, true),
    UPDATE_ACCESS_KEY("UpdateAccessKey", "access key status changed", false, false, false),
    DELETE_ACCESS_KEY("DeleteAccessKey", "access key deleted", false, false, false),
    DEACTIVATE_MFA_DEVICE("DeactivateMFADevice", "MFA device deactivated", false, false, false);

    /** Every event name, as the EventBridge rules match them. */
    public static final List<String> EVENT_NAMES = Arrays.stream(values()).map(IamChange::eventName).toList();

    private final String eventName;
    private final String label;
    private final boolean creation;
    private final boolean console;
    private final boolean accessKey;

    IamChange(String eventName, String label, boolean creation, boolean console, boolean accessKey) {
        this.eventName = eventName;
        this.label = label;
        this.creation = creation;
        this.console = console;
        this.accessKey = accessKey;
    }

    /** CloudTrail's {@code eventName}. */
    public String eventName() {
        return eventName;
    }

    /** What happened, for people: "IAM user created". */
    public String label() {
        return label;
    }

    /** A user or a credential came into being: the change is also sent by email. */
    public boolean creation() {
        return creation;
    }

    /** The change gives the user console access (the allowlist is asked about a console user). */
    boolean grantsConsole() {
        return console;
    }

    /** The change gives the user an active access key. */
    boolean grantsAccessKey() {
        return accessKey;
    }

    /** The change for a CloudTrail event name, or {@code null}. */
    public static IamChange of(String eventName) {
        for (IamChange change : values()) {
            if (change.eventName.equals(eventName)) {
                return change;
            }
        }
        return null;
    }
}
