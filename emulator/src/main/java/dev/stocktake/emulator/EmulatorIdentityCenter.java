package dev.stocktake.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.Email;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;

/**
 * IAM Identity Center inside the emulator, seeded the way tests and the demo need it: users with emails, groups,
 * memberships, permission sets and account assignments, in the instance moto gives every account and Region (the
 * management account's, {@link Emulator#DEFAULT_ACCOUNT_ID}, in {@link Emulator#REGION} by default).
 *
 * <p>What moto does differently from AWS, and how {@link #install(FaultInjectingProxy)} makes up for it on the proxy:
 * <ul>
 *   <li>{@code sso:ListAccountsForProvisionedPermissionSet} answers with the caller's account for a permission set
 *       provisioned with {@code ProvisionPermissionSet} (whatever the target), else nothing; AWS provisions a permission
 *       set to an account with its first assignment there. The proxy answers with the accounts this helper assigned
 *       the permission set to.
 *   <li>Users and groups have no external IDs (AWS sets them when an identity provider provisions through SCIM):
 *       {@link #setExternalIds} records them and the proxy adds them to {@code identitystore:ListUsers} and
 *       {@code ListGroups} answers.
 * </ul>
 * Assignments made around this helper (straight against moto) are not seen by the first rewrite.
 */
public final class EmulatorIdentityCenter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An email of a user: {@code type} ({@code work}, {@code home}…) and {@code primary} may be {@code null}. */
    public record UserEmail(String value, String type, Boolean primary) {
    }

    /** An identifier in an external identity provider. */
    public record ExternalId(String issuer, String id) {
    }

    private final SsoAdminClient ssoAdmin;
    private final IdentitystoreClient identityStore;
    private final String instanceArn;
    private final String identityStoreId;
    /** Permission set ARN to the accounts it is assigned in. */
    private final Map<String, Set<String>> provisioned = new ConcurrentHashMap<>();
    /** User or group ID to its external IDs. */
    private final Map<String, List<ExternalId>> externalIds = new ConcurrentHashMap<>();

    private EmulatorIdentityCenter(SsoAdminClient ssoAdmin, IdentitystoreClient identityStore, InstanceMetadata instance) {
        this.ssoAdmin = ssoAdmin;
        this.identityStore = identityStore;
        this.instanceArn = instance.instanceArn();
        this.identityStoreId = instance.identityStoreId();
    }

    /** The management account's instance in {@link Emulator#REGION}. */
    public static EmulatorIdentityCenter connect(URI endpoint) {
        return connect(endpoint, Emulator.defaultCredentials(), Region.of(Emulator.REGION));
    }

    /** The instance moto keeps for the account of {@code credentials} in {@code region}. */
    public static EmulatorIdentityCenter connect(URI endpoint, AwsCredentialsProvider credentials, Region region) {
        SsoAdminClient ssoAdmin = SsoAdminClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        IdentitystoreClient identityStore = IdentitystoreClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        InstanceMetadata instance = ssoAdmin.listInstances(r -> { }).instances().getFirst();
        return new EmulatorIdentityCenter(ssoAdmin, identityStore, instance);
    }

    public String instanceArn() {
        return instanceArn;
    }

    public String identityStoreId() {
        return identityStoreId;
    }

    /** Creates a user (moto requires a display name and a given and family name); returns its user ID. */
    public String createUser(String userName, String displayName, List<UserEmail> emails) {
        String[] names = displayName.split(" ", 2);
        return identityStore.createUser(r -> r.identityStoreId(identityStoreId).userName(userName).displayName(displayName)
                .name(n -> n.givenName(names[0]).familyName(names.length > 1 ? names[1] : names[0]))
                .emails(emails.stream().map(e -> Email.builder().value(e.value()).type(e.type()).primary(e.primary()).build())
                        .toList())).userId();
    }

    /** Creates a group with this display name; returns its group ID. */
    public String createGroup(String displayName) {
        return identityStore.createGroup(r -> r.identityStoreId(identityStoreId).displayName(displayName)).groupId();
    }

    public void addMember(String groupId, String userId) {
        identityStore.createGroupMembership(r -> r.identityStoreId(identityStoreId).groupId(groupId).memberId(m -> m.userId(userId)));
    }

    /** Records the external IDs of a user or group, which the proxy adds to the list answers ({@link #install}). */
    public void setExternalIds(String userOrGroupId, List<ExternalId> ids) {
        externalIds.put(userOrGroupId, List.copyOf(ids));
    }

    /** Creates a permission set; returns its ARN. */
    public String createPermissionSet(String name) {
        return ssoAdmin.createPermissionSet(r -> r.instanceArn(instanceArn).name(name)).permissionSet().permissionSetArn();
    }

    public void assignUser(String accountId, String permissionSetArn, String userId) {
        assign(accountId, permissionSetArn, PrincipalType.USER, userId);
    }

    public void assignGroup(String accountId, String permissionSetArn, String groupId) {
        assign(accountId, permissionSetArn, PrincipalType.GROUP, groupId);
    }

    private void assign(String accountId, String permissionSetArn, PrincipalType type, String principalId) {
        ssoAdmin.createAccountAssignment(r -> r.instanceArn(instanceArn).targetId(accountId).targetType(TargetType.AWS_ACCOUNT)
                .permissionSetArn(permissionSetArn).principalType(type).principalId(principalId));
        provisioned.computeIfAbsent(permissionSetArn, p -> ConcurrentHashMap.newKeySet()).add(accountId);
    }

    /** Removes an assignment (the permission set stays provisioned to the account, as in AWS). */
    public void unassign(String accountId, String permissionSetArn, String principalType, String principalId) {
        ssoAdmin.deleteAccountAssignment(r -> r.instanceArn(instanceArn).targetId(accountId).targetType(TargetType.AWS_ACCOUNT)
                .permissionSetArn(permissionSetArn).principalType(principalType).principalId(principalId));
    }

    public void deleteUser(String userId) {
        identityStore.deleteUser(r -> r.identityStoreId(identityStoreId).userId(userId));
    }

    /** Makes the proxy answer as AWS would where moto does not (see the class comment). */
    public EmulatorIdentityCenter install(FaultInjectingProxy proxy) {
        proxy.transformExchanges("sso:ListAccountsForProvisionedPermissionSet", (key, request, response) -> {
            JsonNode asked = read(request);
            ObjectNode answer = (ObjectNode) read(response);
            ArrayNode accounts = answer.putArray("AccountIds");
            new java.util.TreeSet<>(provisioned.getOrDefault(asked.path("PermissionSetArn").asText(), Set.of()))
                    .forEach(accounts::add);
            return write(answer);
        });
        proxy.transformResponses("identitystore:ListUsers", (key, response) -> withExternalIds(response, "Users", "UserId"));
        proxy.transformResponses("identitystore:ListGroups", (key, response) -> withExternalIds(response, "Groups", "GroupId"));
        return this;
    }

    private byte[] withExternalIds(byte[] response, String listField, String idField) {
        JsonNode answer = read(response);
        for (JsonNode item : answer.path(listField)) {
            List<ExternalId> ids = externalIds.get(item.path(idField).asText());
            if (ids != null && item instanceof ObjectNode object) {
                ArrayNode array = object.putArray("ExternalIds");
                ids.forEach(id -> array.addObject().put("Issuer", id.issuer()).put("Id", id.id()));
            }
        }
        return write(answer);
    }

    /** The accounts each permission set is assigned in, by ARN (what {@link #install} answers). */
    public Map<String, List<String>> provisionedAccounts() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        provisioned.forEach((ps, accounts) -> copy.put(ps, new ArrayList<>(new LinkedHashSet<>(accounts))));
        return copy;
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator's Identity Center answer is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ssoAdmin.close();
        identityStore.close();
    }
}
