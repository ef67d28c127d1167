package dev.stocktake.notifier.owner;

import static dev.stocktake.support.env.Environment.optional;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.stocktake.notifier.NotifierConfig;
import dev.stocktake.support.env.Environment;

/**
 * The owner digests' configuration ({@code notifier.ownerDigests} of the deployment config), from the Lambda's
 * environment. Off unless {@code OWNER_DIGESTS=true}; a malformed value fails at start with a message naming the
 * variable.
 *
 * @param maxUsersPerOwner  {@code OWNER_DIGEST_MAX_USERS} (default {@value #DEFAULT_MAX_USERS}, 1 to
 *                          {@value #MAX_MAX_USERS}): the IAM users one owner's email lists; the rest are counted
 * @param ownerEmailPattern {@code OWNER_EMAIL_PATTERN}: a regular expression an owner's address must match, whole and
 *                          ignoring case, to be mailed (e.g. {@code .*@example\.com}), or {@code null}: every address
 * @param sender            {@code DIGEST_SENDER}: the From address, the digest's (required)
 * @param sesConfigurationSet {@code SES_CONFIGURATION_SET}, the digest's, or {@code null}
 */
public record OwnerDigestConfig(int maxUsersPerOwner, Pattern ownerEmailPattern, String sender, String sesConfigurationSet) {

    public static final String OWNER_DIGESTS = "OWNER_DIGESTS";
    public static final String OWNER_DIGEST_MAX_USERS = "OWNER_DIGEST_MAX_USERS";
    public static final String OWNER_EMAIL_PATTERN = "OWNER_EMAIL_PATTERN";
    public static final int DEFAULT_MAX_USERS = 200;
    public static final int MAX_MAX_USERS = 5000;

    /**
     * Whether {@code owner} (a value of {@code migration_status.owner}) is an address the owner digests go to: an email
     * address, and one the pattern accepts when there is one.
     */
    public boolean mailable(String owner) {
        if (owner == null || !Environment.ADDRESS.matcher(owner).matches()) {
            return false;
        }
        return ownerEmailPattern == null || ownerEmailPattern.matcher(owner).matches();
    }

    /**
     * Reads the configuration; {@code null} when the owner digests are off ({@code OWNER_DIGESTS} unset or
     * {@code false}). Throws {@link IllegalArgumentException} naming the bad variable.
     */
    public static OwnerDigestConfig fromEnv(Map<String, String> env) {
        String enabled = optional(env, OWNER_DIGESTS);
        if (enabled == null || enabled.equalsIgnoreCase("false")) {
            return null;
        }
        if (!enabled.equalsIgnoreCase("true")) {
            throw new IllegalArgumentException(OWNER_DIGESTS + "='" + enabled + "' is not true or false");
        }
        String sender = NotifierConfig.sender(env, NotifierConfig.DIGEST_SENDER, true, "the owner digests", OWNER_DIGESTS);
        int max = DEFAULT_MAX_USERS;
        String value = optional(env, OWNER_DIGEST_MAX_USERS);
        if (value != null) {
            try {
                max = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_MAX_USERS) {
                throw new IllegalArgumentException(OWNER_DIGEST_MAX_USERS + "='" + value + "' is not a whole number from 1 to "
                        + MAX_MAX_USERS + " (the IAM users one owner's email lists)");
            }
        }
        Pattern pattern = null;
        String regex = optional(env, OWNER_EMAIL_PATTERN);
        if (regex != null) {
            try {
                pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(OWNER_EMAIL_PATTERN + "='" + regex + "' is not a regular expression ("
                        + e.getDescription().toLowerCase(Locale.ROOT) + "), e.g. .*@example\\.com");
            }
        }
        return new OwnerDigestConfig(max, pattern, sender, NotifierConfig.configurationSet(env));
    }
}
