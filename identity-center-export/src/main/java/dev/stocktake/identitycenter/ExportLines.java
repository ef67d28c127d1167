package dev.stocktake.identitycenter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.stocktake.identitycenter.IdentityCenterData.Assignment;
import dev.stocktake.identitycenter.IdentityCenterData.Email;
import dev.stocktake.identitycenter.IdentityCenterData.ExternalId;
import dev.stocktake.identitycenter.IdentityCenterData.Group;
import dev.stocktake.identitycenter.IdentityCenterData.Membership;
import dev.stocktake.identitycenter.IdentityCenterData.User;

/**
 * The export's JSON Lines (UTF-8, one object per line, {@code \n} after each): one {@code instance} line, then
 * {@code user} lines by user ID, {@code group} lines by group ID, {@code membership} lines by group and user ID, and
 * {@code assignment} lines by account, permission set ARN, principal type, principal ID and user ID (the group's own
 * line, {@code user_id} null, before its members'). A GROUP assignment becomes its own line plus one line per member
 * of the group. The same state gives the same bytes. A value AWS does not send is left out of the line, except an
 * assignment's {@code user_id}, which is always there ({@code null} on a group's own line). Pure functions.
 */
final class ExportLines {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    /** What the lines hold, for the log and the answer. */
    record Counts(int users, int groups, int memberships, int assignments, int memberAssignments) {
    }

    /** One assignment line: {@code userId} null for a group's own line. */
    record AssignmentLine(String accountId, String permissionSetArn, String permissionSetName, String principalType,
                          String principalId, String userId) {
    }

    private ExportLines() {
    }

    static byte[] render(IdentityCenterData data, Instant exportedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            line(out, json -> {
                json.writeStringField("kind", "instance");
                json.writeStringField("instance_arn", data.instanceArn());
                json.writeStringField("identity_store_id", data.identityStoreId());
                json.writeStringField("exported_at", exportedAt.truncatedTo(ChronoUnit.SECONDS).toString());
            });
            for (User user : data.users().stream().sorted(Comparator.comparing(User::userId)).toList()) {
                line(out, json -> {
                    json.writeStringField("kind", "user");
                    json.writeStringField("identity_store_id", data.identityStoreId());
                    json.writeStringField("user_id", user.userId());
                    optional(json, "user_name", user.userName());
                    optional(json, "display_name", user.displayName());
                    json.writeArrayFieldStart("emails");
                    for (Email email : user.emails()) {
                        json.writeStartObject();
                        optional(json, "value", email.value());
                        optional(json, "type", email.type());
                        if (email.primary() != null) {
                            json.writeBooleanField("primary", email.primary());
                        }
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    externalIds(json, user.externalIds());
                });
            }
            for (Group group : data.groups().stream().sorted(Comparator.comparing(Group::groupId)).toList()) {
                line(out, json -> {
                    json.writeStringField("kind", "group");
                    json.writeStringField("identity_store_id", data.identityStoreId());
                    json.writeStringField("group_id", group.groupId());
                    optional(json, "group_name", group.groupName());
                    externalIds(json, group.externalIds());
                });
            }
            for (Membership membership : sortedMemberships(data.memberships())) {
                line(out, json -> {
                    json.writeStringField("kind", "membership");
                    json.writeStringField("identity_store_id", data.identityStoreId());
                    json.writeStringField("group_id", membership.groupId());
                    json.writeStringField("user_id", membership.userId());
                });
            }
            for (AssignmentLine assignment : assignmentLines(data)) {
                line(out, json -> {
                    json.writeStringField("kind", "assignment");
                    json.writeStringField("instance_arn", data.instanceArn());
                    json.writeStringField("account_id", assignment.accountId());
                    json.writeStringField("permission_set_arn", assignment.permissionSetArn());
                    optional(json, "permission_set_name", assignment.permissionSetName());
                    json.writeStringField("principal_type", assignment.principalType());
                    json.writeStringField("principal_id", assignment.principalId());
                    json.writeStringField("user_id", assignment.userId());
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Identity Center export as JSON", e);
        }
        return out.toByteArray();
    }

    static Counts counts(IdentityCenterData data) {
        List<AssignmentLine> lines = assignmentLines(data);
        int memberLines = (int) lines.stream().filter(l -> "GROUP".equals(l.principalType()) && l.userId() != null).count();
        return new Counts(data.users().size(), data.groups().size(), sortedMemberships(data.memberships()).size(),
                lines.size() - memberLines, memberLines);
    }

    /**
     * Every assignment line, sorted: a USER assignment as one line ({@code user_id} = the principal); a GROUP
     * assignment as the group's line ({@code user_id} null) plus one per member of the group. Duplicates (the same
     * assignment listed twice) are dropped.
     */
    static List<AssignmentLine> assignmentLines(IdentityCenterData data) {
        Map<String, List<String>> members = new HashMap<>();
        for (Membership membership : data.memberships()) {
            members.computeIfAbsent(membership.groupId(), g -> new ArrayList<>()).add(membership.userId());
        }
        List<AssignmentLine> lines = new ArrayList<>();
        for (Assignment a : data.assignments()) {
            if ("GROUP".equals(a.principalType())) {
                lines.add(new AssignmentLine(a.accountId(), a.permissionSetArn(), a.permissionSetName(), a.principalType(),
                        a.principalId(), null));
                for (String member : members.getOrDefault(a.principalId(), List.of())) {
                    lines.add(new AssignmentLine(a.accountId(), a.permissionSetArn(), a.permissionSetName(), a.principalType(),
                            a.principalId(), member));
                }
            } else {
                lines.add(new AssignmentLine(a.accountId(), a.permissionSetArn(), a.permissionSetName(), a.principalType(),
                        a.principalId(), a.principalId()));
            }
        }
        return lines.stream().distinct().sorted(Comparator.comparing(AssignmentLine::accountId)
                .thenComparing(AssignmentLine::permissionSetArn)
                .thenComparing(AssignmentLine::principalType)
                .thenComparing(AssignmentLine::principalId)
                .thenComparing(AssignmentLine::userId, NULLS_FIRST)).toList();
    }

    private static List<Membership> sortedMemberships(List<Membership> memberships) {
        return memberships.stream().distinct()
                .sorted(Comparator.comparing(Membership::groupId).thenComparing(Membership::userId)).toList();
    }

    private static void externalIds(JsonGenerator json, List<ExternalId> ids) throws IOException {
        json.writeArrayFieldStart("external_ids");
        for (ExternalId id : ids) {
            json.writeStartObject();
            optional(json, "issuer", id.issuer());
            optional(json, "id", id.id());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static void line(ByteArrayOutputStream out, Fields fields) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        out.write('\n');
    }

}
