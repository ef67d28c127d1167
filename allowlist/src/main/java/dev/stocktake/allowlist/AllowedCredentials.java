package dev.stocktake.allowlist;

import java.util.Locale;

/** Which credentials an allowlisted user may hold. */
public enum AllowedCredentials {
    CONSOLE("console"),
    ACCESS_KEYS("access-keys"),
    BOTH("both");

    private final String label;

    AllowedCredentials(String label) {
        this.label = label;
    }

    /** As written in the file. */
    public String label() {
        return label;
    }

    /** Whether a user holding these credentials stays within the entry. */
    public boolean allows(boolean consoleAccess, boolean activeAccessKey) {
        return switch (this) {
            case CONSOLE -> !activeAccessKey;
            case ACCESS_KEYS -> !consoleAccess;
            case BOTH -> true;
        };
    }

    static AllowedCredentials parse(String value) {
        for (AllowedCredentials credentials : values()) {
            if (credentials.label.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return credentials;
            }
        }
        return null;
    }
}
