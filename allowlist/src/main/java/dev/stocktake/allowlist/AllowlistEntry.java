package dev.stocktake.allowlist;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * One line of the allowlist.
 *
 * @param line the line in the file, for messages
 * @param account a 12-digit account ID, an account name, or {@code *} for every account
 * @param user an IAM user name, or a glob with {@code *} and {@code ?}
 * @param expires the last day the entry is in force
 */
public record AllowlistEntry(int line, String account, String user, AllowedCredentials credentials, String owner,
                             String reason, String ticket, LocalDate expires) {

    /** The user pattern as a regular expression matching whole names. */
    public Pattern userRegex() {
        StringBuilder regex = new StringBuilder("^");
        for (char c : user.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.append('$').toString());
    }

    /** Whether the user is a glob ({@code *} or {@code ?}) rather than one exact name. */
    public boolean isGlob() {
        return user.indexOf('*') >= 0 || user.indexOf('?') >= 0;
    }

    public boolean matchesAccount(String accountId, String accountName) {
        return account.equals("*") || account.equals(accountId) || account.equals(accountName);
    }

    public boolean matches(String accountId, String accountName, String userName) {
        return matchesAccount(accountId, accountName) && userRegex().matcher(userName).matches();
    }

    /** Whether the entry is in force on {@code day} (its expiry day included). */
    public boolean inForce(LocalDate day) {
        return !day.isAfter(expires);
    }
}
