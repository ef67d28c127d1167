package dev.stocktake.collector.details;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The IAM details file's body: JSON Lines (UTF-8, one object per line, each line ending in {@code \n}), in this order
 * and shape (the data contract of issue 17):
 *
 * <pre>
 * {"kind":"collection","account_id":"123456789012","collected_at":"2026-12-03T06:01:02Z","users":12,"sso_roles":3}
 * {"kind":"user","user_name":"alice","arn":"arn:aws:iam::123456789012:user/alice","user_id":"AIDA...","tags":{"email":"alice@example.com"}}
 * {"kind":"sso_role","role_name":"AWSReservedSSO_AdministratorAccess_0123456789abcdef","arn":"...",
 *  "permission_set_name":"AdministratorAccess","last_used":"2026-11-30T01:02:03Z","last_used_region":"ap-northeast-1"}
 * </pre>
 *
 * Users by user name, roles by role name, tags by key: the same account state gives the same bytes. A user without
 * tags has {@code "tags":{}}; a role never used has {@code "last_used":null,"last_used_region":null}, and a role
 * name not of Identity Center's form {@code "permission_set_name":null}. Pure.
 */
public final class IamDetailsJson {

    /** UTF-8 as it is, also beyond the BMP (an emoji in a tag value is its four bytes, not two {@code \\u} escapes). */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    private IamDetailsJson() {
    }

    public static byte[] write(String accountId, Instant collectedAt, IamDetails details) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 200 * details.users().size());
        try {
            line(out, json -> {
                json.writeStringField("kind", "collection");
                json.writeStringField("account_id", accountId);
                json.writeStringField("collected_at", collectedAt.toString());
                json.writeNumberField("users", details.users().size());
                json.writeNumberField("sso_roles", details.ssoRoles().size());
            });
            for (IamDetails.User user : details.users()) {
                line(out, json -> {
                    json.writeStringField("kind", "user");
                    json.writeStringField("user_name", user.userName());
                    json.writeStringField("arn", user.arn());
                    json.writeStringField("user_id", user.userId());
                    json.writeObjectFieldStart("tags");
                    for (Map.Entry<String, String> tag : user.tags().entrySet()) {
                        json.writeStringField(tag.getKey(), tag.getValue());
                    }
                    json.writeEndObject();
                });
            }
            for (IamDetails.SsoRole role : details.ssoRoles()) {
                line(out, json -> {
                    json.writeStringField("kind", "sso_role");
                    json.writeStringField("role_name", role.roleName());
                    json.writeStringField("arn", role.arn());
                    json.writeStringField("permission_set_name", role.permissionSetName());
                    json.writeStringField("last_used", role.lastUsed() == null ? null : role.lastUsed().toString());
                    json.writeStringField("last_used_region", role.lastUsedRegion());
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the IAM details as JSON", e);
        }
        return out.toByteArray();
    }

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
