package dev.stocktake.identitycenter;

import java.util.List;

/**
 * What one export read from Identity Center, before it is written: the instance, its identity store's users, groups
 * and memberships, and every account assignment (group assignments as the group; {@link ExportLines} expands them).
 */
record IdentityCenterData(String instanceArn, String identityStoreId, List<User> users, List<Group> groups,
                          List<Membership> memberships, List<Assignment> assignments) {

    /** An email of a user; {@code type} and {@code primary} may be {@code null}. */
    record Email(String value, String type, Boolean primary) {
    }

    /** An identifier the user or group has in an external identity provider (SCIM). */
    record ExternalId(String issuer, String id) {
    }

    record User(String userId, String userName, String displayName, List<Email> emails, List<ExternalId> externalIds) {
    }

    /** {@code groupName} is the group's {@code DisplayName}. */
    record Group(String groupId, String groupName, List<ExternalId> externalIds) {
    }

    record Membership(String groupId, String userId) {
    }

    /** One account assignment as {@code ListAccountAssignments} returns it: principal type {@code USER} or {@code GROUP}. */
    record Assignment(String accountId, String permissionSetArn, String permissionSetName, String principalType,
                      String principalId) {
    }
}
