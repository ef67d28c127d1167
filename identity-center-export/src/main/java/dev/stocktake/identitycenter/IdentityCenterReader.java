package dev.stocktake.identitycenter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.stocktake.identitycenter.IdentityCenterData.Assignment;
import dev.stocktake.identitycenter.IdentityCenterData.Email;
import dev.stocktake.identitycenter.IdentityCenterData.ExternalId;
import dev.stocktake.identitycenter.IdentityCenterData.Group;
import dev.stocktake.identitycenter.IdentityCenterData.Membership;
import dev.stocktake.identitycenter.IdentityCenterData.User;
import dev.stocktake.identitycenter.IdentityCenterException.Reason;
import dev.stocktake.support.aws.AwsErrors;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;

/**
 * Reads one Identity Center instance: its identity store's users, groups and group memberships
 * ({@code identitystore:ListUsers}, {@code ListGroups}, {@code ListGroupMemberships} per group) and every account
 * assignment ({@code sso:ListPermissionSets}, then per permission set {@code DescribePermissionSet} for its name and
 * {@code ListAccountsForProvisionedPermissionSet}, then {@code ListAccountAssignments} per account it is provisioned
 * to). Every list call goes through the SDK's paginator with the largest page ({@value #PAGE}); each page counts as
 * one call. Throttling and 5xx are retried
 * with backoff within the deadline (a listing is read again from its first page); any other error fails the export
 * naming the IAM action.
 */
final class IdentityCenterReader {

    /** The largest page every list call here accepts: fewer calls than the services' defaults. */
    static final int PAGE = 100;

    private final SsoAdminClient ssoAdmin;
    private final IdentitystoreClient identityStore;
    private final Deadline deadline;
    private final Retrier retrier;
    private final ApiCalls calls;

    IdentityCenterReader(SsoAdminClient ssoAdmin, IdentitystoreClient identityStore, Deadline deadline, Retrier retrier,
                         ApiCalls calls) {
        this.ssoAdmin = ssoAdmin;
        this.identityStore = identityStore;
        this.deadline = deadline;
        this.retrier = retrier;
        this.calls = calls;
    }

    /** @param configuredInstanceArn the instance to read, or {@code null} for the only one {@code ListInstances} returns */
    IdentityCenterData read(String configuredInstanceArn) {
        InstanceMetadata instance = instance(configuredInstanceArn);
        String instanceArn = instance.instanceArn();
        String storeId = instance.identityStoreId();
        List<User> users = call("identitystore:ListUsers", () -> identityStore.listUsersPaginator(r -> r.identityStoreId(storeId).maxResults(PAGE))
                .stream().peek(page -> calls.count("identitystore:ListUsers")).flatMap(page -> page.users().stream())
                .map(u -> new User(u.userId(), u.userName(), u.displayName(),
                        u.emails().stream().map(e -> new Email(e.value(), e.type(), e.primary())).toList(),
                        u.externalIds().stream().map(x -> new ExternalId(x.issuer(), x.id())).toList()))
                .toList());
        List<Group> groups = call("identitystore:ListGroups", () -> identityStore.listGroupsPaginator(r -> r.identityStoreId(storeId).maxResults(PAGE))
                .stream().peek(page -> calls.count("identitystore:ListGroups")).flatMap(page -> page.groups().stream())
                .map(g -> new Group(g.groupId(), g.displayName(),
                        g.externalIds().stream().map(x -> new ExternalId(x.issuer(), x.id())).toList()))
                .toList());
        List<Membership> memberships = new ArrayList<>();
        for (Group group : groups) {
            checkTime();
            memberships.addAll(call("identitystore:ListGroupMemberships", () -> identityStore
                    .listGroupMembershipsPaginator(r -> r.identityStoreId(storeId).groupId(group.groupId()).maxResults(PAGE))
                    .stream().peek(page -> calls.count("identitystore:ListGroupMemberships"))
                    .flatMap(page -> page.groupMemberships().stream())
                    // a member is a user (the only kind of member Identity Center has; no nested groups)
                    .filter(m -> m.memberId() != null && m.memberId().userId() != null)
                    .map(m -> new Membership(group.groupId(), m.memberId().userId()))
                    .toList()));
        }
        List<Assignment> assignments = new ArrayList<>();
        List<String> permissionSets = call("sso:ListPermissionSets", () -> ssoAdmin
                .listPermissionSetsPaginator(r -> r.instanceArn(instanceArn).maxResults(PAGE))
                .stream().peek(page -> calls.count("sso:ListPermissionSets")).flatMap(page -> page.permissionSets().stream())
                .toList());
        for (String permissionSetArn : permissionSets) {
            checkTime();
            String name = call("sso:DescribePermissionSet", () -> {
                String described = ssoAdmin.describePermissionSet(r -> r.instanceArn(instanceArn)
                        .permissionSetArn(permissionSetArn)).permissionSet().name();
                calls.count("sso:DescribePermissionSet");
                return described;
            });
            List<String> accounts = call("sso:ListAccountsForProvisionedPermissionSet", () -> ssoAdmin
                    .listAccountsForProvisionedPermissionSetPaginator(r -> r.instanceArn(instanceArn)
                            .permissionSetArn(permissionSetArn).maxResults(PAGE))
                    .stream().peek(page -> calls.count("sso:ListAccountsForProvisionedPermissionSet"))
                    .flatMap(page -> page.accountIds().stream()).distinct().toList());
            for (String accountId : accounts) {
                checkTime();
                assignments.addAll(call("sso:ListAccountAssignments", () -> ssoAdmin
                        .listAccountAssignmentsPaginator(r -> r.instanceArn(instanceArn).accountId(accountId)
                                .permissionSetArn(permissionSetArn).maxResults(PAGE))
                        .stream().peek(page -> calls.count("sso:ListAccountAssignments"))
                        .flatMap(page -> page.accountAssignments().stream())
                        .map(a -> new Assignment(a.accountId() == null ? accountId : a.accountId(), permissionSetArn, name,
                                a.principalTypeAsString(), a.principalId()))
                        .toList()));
            }
        }
        return new IdentityCenterData(instanceArn, storeId, users, groups, memberships, assignments);
    }

    /** The configured instance, else the only one; fails saying what to do when there is none or several. */
    private InstanceMetadata instance(String configuredInstanceArn) {
        List<InstanceMetadata> instances = call("sso:ListInstances", () -> ssoAdmin.listInstancesPaginator(r -> r.maxResults(PAGE))
                .stream().peek(page -> calls.count("sso:ListInstances")).flatMap(page -> page.instances().stream()).toList());
        String seen = instances.stream().map(InstanceMetadata::instanceArn).sorted().collect(Collectors.joining(", "));
        if (configuredInstanceArn != null) {
            return instances.stream().filter(i -> configuredInstanceArn.equals(i.instanceArn())).findFirst()
                    .orElseThrow(() -> new IdentityCenterException(Reason.INSTANCE, IdentityCenterConfig.INSTANCE_ARN + "="
                            + configuredInstanceArn + " is not an instance this account sees: sso:ListInstances returned "
                            + (instances.isEmpty() ? "none" : seen) + ". Set " + IdentityCenterConfig.INSTANCE_ARN
                            + " to one of them, or run the export in the account and Region of that instance (the"
                            + " management account or the Identity Center delegated administrator). Nothing was written.",
                            null));
        }
        if (instances.isEmpty()) {
            throw new IdentityCenterException(Reason.INSTANCE, "sso:ListInstances returned no Identity Center instance. Run the"
                    + " export in the management account or the Identity Center delegated administrator, in the Region where"
                    + " Identity Center is enabled (identityCenter.accountId and identityCenter.region of the config), or"
                    + " disable it (identityCenter.enabled false). Nothing was written.", null);
        }
        if (instances.size() > 1) {
            throw new IdentityCenterException(Reason.INSTANCE, "sso:ListInstances returned " + instances.size()
                    + " instances (" + seen + ") and " + IdentityCenterConfig.INSTANCE_ARN + " is not set: set it"
                    + " (identityCenter.instanceArn of the config) to the organization's instance. Nothing was written.", null);
        }
        if (instances.getFirst().identityStoreId() == null) {
            throw new IdentityCenterException(Reason.INSTANCE, "sso:ListInstances returned " + seen + " without an identity"
                    + " store ID. Nothing was written.", null);
        }
        return instances.getFirst();
    }

    private void checkTime() {
        if (deadline.remaining().isZero()) {
            throw new IdentityCenterException(Reason.DEADLINE_EXCEEDED, "ran out of time after " + calls.total()
                    + " API calls. Nothing was written; raise the Lambda timeout.", null);
        }
    }

    private <T> T call(String action, Retrier.SdkCall<T> call) {
        try {
            return retrier.call(IdentityCenterException.giveUp(action), deadline, AwsErrors::isTransient, call);
        } catch (SdkException e) {
            SdkException root = AwsErrors.rootCause(e);
            boolean denied = root instanceof AwsServiceException service && (service.statusCode() == 403
                    || service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                            && service.awsErrorDetails().errorCode().startsWith("AccessDenied"));
            throw new IdentityCenterException(Reason.AWS_ERROR, action + " failed: " + AwsErrors.describe(root) + ". "
                    + (denied ? "The export's role lacks " + action + ", or the export runs outside the management account"
                            + " and the Identity Center delegated administrator: grant the action (see"
                            + " identity-center-export/README.md) or deploy it to one of those accounts."
                            : "Check that the export runs in the management account or the Identity Center delegated"
                                    + " administrator, in the instance's Region, with " + action + " allowed.")
                    + " Nothing was written.", e);
        }
    }
}
