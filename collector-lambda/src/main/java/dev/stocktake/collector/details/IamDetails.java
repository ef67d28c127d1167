package dev.stocktake.collector.details;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the credential report cannot say about an account, read from IAM right after the report is stored: every IAM
 * user with its tags, and every IAM Identity Center role of the account ({@code AWSReservedSSO_*}) with its last use.
 *
 * @param users sorted by user name
 * @param ssoRoles sorted by role name
 */
public record IamDetails(List<User> users, List<SsoRole> ssoRoles) {

    public IamDetails {
        users = List.copyOf(users);
        ssoRoles = List.copyOf(ssoRoles);
    }

    /**
     * An IAM user and its tags.
     *
     * @param tags tag key to value, sorted by key; empty when the user has none
     */
    public record User(String userName, String arn, String userId, SortedMap<String, String> tags) {
    }

    /**
     * A role IAM Identity Center created in this account for a permission set.
     *
     * @param permissionSetName the permission set's name read from the role name, or {@code null} when the role name
     *     is not of Identity Center's form
     * @param lastUsed when the role was last used, or {@code null} when IAM has no record of a use (never used, or
     *     not within IAM's tracking period)
     * @param lastUsedRegion the region of that last use, or {@code null}
     */
    public record SsoRole(String roleName, String arn, String permissionSetName, Instant lastUsed, String lastUsedRegion) {

        /** Identity Center's role names: {@code AWSReservedSSO_<permission set name>_<16 hex digits>}. */
        private static final Pattern ROLE_NAME = Pattern.compile("AWSReservedSSO_(.+)_[0-9a-fA-F]{16}");

        /**
         * The permission set name in an Identity Center role name: the name without the {@code AWSReservedSSO_} prefix
         * and the trailing {@code _<16 hex digits>}. A permission set name may itself contain {@code _}
         * ({@code AWSReservedSSO_Data_Eng_ReadOnly_0123456789abcdef} is {@code Data_Eng_ReadOnly}). {@code null} for any
         * other role name.
         */
        public static String permissionSetName(String roleName) {
            Matcher matcher = ROLE_NAME.matcher(roleName);
            return matcher.matches() ? matcher.group(1) : null;
        }
    }
}
