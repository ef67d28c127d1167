package dev.stocktake.infra.config;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The owner digests ({@code notifier.ownerDigests}): after the daily digest, each owner whose owner value is an email
 * address gets their own IAM users to remove or migrate. Off by default. The notifier reads it from
 * {@code OWNER_DIGESTS}, {@code OWNER_DIGEST_MAX_USERS} and {@code OWNER_EMAIL_PATTERN}.
 *
 * @param enabled           send them; needs {@code notifier.sender} (the digest's From address) and a digest channel
 * @param maxUsersPerOwner  the IAM users one owner's email lists (default {@value #DEFAULT_MAX_USERS}, 1 to
 *                          {@value #MAX_USERS}); the rest are counted
 * @param ownerEmailPattern a Java regular expression an owner's address must match, whole and ignoring case, to be
 *                          mailed (e.g. {@code .*@example\.com}), or null: every address
 */
public record OwnerDigestOptions(boolean enabled, int maxUsersPerOwner, String ownerEmailPattern) {
    public static final int DEFAULT_MAX_USERS = 200;
    /** As the notifier's own bound. */
    public static final int MAX_USERS = 5000;
    public static final OwnerDigestOptions OFF = new OwnerDigestOptions(false, DEFAULT_MAX_USERS, null);
    private static final Set<String> FIELDS = Set.of("enabled", "maxUsersPerOwner", "ownerEmailPattern");

    /** Reads {@code notifier.ownerDigests}; {@code sender} is {@code notifier.sender} (required when enabled). */
    static OwnerDigestOptions read(ConfigSection s, String sender) {
        s.unknownFields(FIELDS, "is not an owner digest setting (enabled, maxUsersPerOwner, ownerEmailPattern)");
        boolean enabled = s.flag("enabled", false);
        int max = s.integer("maxUsersPerOwner", DEFAULT_MAX_USERS, 1, MAX_USERS);
        String pattern = s.text("ownerEmailPattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                s.problem("ownerEmailPattern", "'" + pattern + "' is not a Java regular expression (" + e.getDescription()
                        + "); e.g. .*@example\\.com");
                pattern = null;
            }
        }
        if (enabled && sender == null) {
            s.problem("enabled", "needs notifier.sender: the owners' emails go out from the digest's sender, a verified SES identity");
        }
        return new OwnerDigestOptions(enabled, max, pattern);
    }
}
