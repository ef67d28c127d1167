package dev.stocktake.collector.details;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.support.aws.AwsErrors;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleLastUsed;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Reads an account's {@link IamDetails} from IAM: {@code iam:ListUsers}, then {@code iam:ListUserTags} per user;
 * {@code iam:ListRoles} under the path {@value #SSO_ROLE_PATH} (Identity Center's roles, also those of an instance in
 * another region, whose path adds the region), then {@code iam:GetRole} per role for its last use, which
 * {@code ListRoles} does not return. Every list is read through the SDK's paginator; throttling, 5xx and connection
 * failures are retried with the collector's backoff, bounded by the deadline. A user or role deleted between the list
 * and its own call is left out. Nothing here may put a user name or a tag value into a message: errors name the
 * operation and the AWS error code only (an AWS message can quote the user's ARN).
 */
public final class IamDetailsReader {

    /** The path of the roles IAM Identity Center creates for its permission sets. */
    public static final String SSO_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";

    private final IamClient iam;

    public IamDetailsReader(IamClient iam) {
        this.iam = iam;
    }

    /**
     * @throws CollectionException at step {@link Step#READ_DETAILS} when a call fails for good or the deadline comes
     */
    public IamDetails read(String accountId, Deadline deadline, Retrier retrier) {
        List<User> listed = new ArrayList<>(call(accountId, "iam:ListUsers", deadline, retrier,
                () -> iam.listUsersPaginator(r -> { }).users().stream().toList()));
        listed.sort(Comparator.comparing(User::userName));
        List<IamDetails.User> users = new ArrayList<>(listed.size());
        for (User user : listed) {
            SortedMap<String, String> tags = call(accountId, "iam:ListUserTags", deadline, retrier,
                    () -> tagsOf(user.userName()));
            if (tags != null) {
                users.add(new IamDetails.User(user.userName(), user.arn(), user.userId(), tags));
            }
        }

        List<Role> roles = new ArrayList<>(call(accountId, "iam:ListRoles", deadline, retrier,
                () -> iam.listRolesPaginator(r -> r.pathPrefix(SSO_ROLE_PATH)).roles().stream()
                        .filter(role -> role.path() != null && role.path().startsWith(SSO_ROLE_PATH)).toList()));
        roles.sort(Comparator.comparing(Role::roleName));
        List<IamDetails.SsoRole> ssoRoles = new ArrayList<>(roles.size());
        for (Role listedRole : roles) {
            Role role = call(accountId, "iam:GetRole", deadline, retrier,
                    () -> iam.getRole(r -> r.roleName(listedRole.roleName())).role());
            if (role != null) {
                RoleLastUsed lastUsed = role.roleLastUsed();
                ssoRoles.add(new IamDetails.SsoRole(role.roleName(), role.arn(), IamDetails.SsoRole.permissionSetName(role.roleName()),
                        lastUsed == null ? null : lastUsed.lastUsedDate(), lastUsed == null ? null : lastUsed.region()));
            }
        }
        return new IamDetails(users, ssoRoles);
    }

    private SortedMap<String, String> tagsOf(String userName) {
        SortedMap<String, String> tags = new TreeMap<>();
        for (Tag tag : iam.listUserTagsPaginator(r -> r.userName(userName)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    /** Runs one IAM call with retries; {@code null} when its user or role no longer exists. */
    private static <T> T call(String accountId, String operation, Deadline deadline, Retrier retrier, Retrier.SdkCall<T> call) {
        Retrier.GiveUp giveUp = (reason, message, cause) -> new CollectionException(accountId, Step.READ_DETAILS,
                reason == Retrier.Reason.INTERRUPTED ? Reason.INTERRUPTED : Reason.DEADLINE_EXCEEDED,
                reason == Retrier.Reason.INTERRUPTED ? "interrupted while waiting to retry " + operation
                        : operation + " kept failing until the deadline (last error: " + code(cause) + "). " + NOT_WRITTEN, cause);
        try {
            return retrier.call(giveUp, deadline, AwsErrors::isTransient, call);
        } catch (NoSuchEntityException e) {
            return null;
        } catch (SdkException e) {
            throw new CollectionException(accountId, Step.READ_DETAILS, Reason.AWS_ERROR, operation + " failed: " + code(e)
                    + ". Check that the collector role may call " + operation
                    + (operation.equals("iam:GetRole") ? " on role" + SSO_ROLE_PATH + "*" : "") + ". " + NOT_WRITTEN, e);
        }
    }

    private static final String NOT_WRITTEN = "The credential report was stored; the IAM details file was not written.";

    /** The AWS error code and HTTP status, never the message (it may quote a user's ARN). */
    private static String code(Throwable e) {
        if (e instanceof SdkException sdk && AwsErrors.rootCause(sdk) instanceof AwsServiceException service
                && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e == null ? "none" : e.getClass().getSimpleName();
    }
}
