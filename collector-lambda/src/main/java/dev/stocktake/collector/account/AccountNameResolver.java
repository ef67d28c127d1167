package dev.stocktake.collector.account;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.DescribeAccountRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Looks up the account's name with {@code organizations:DescribeAccount}, as the role in the
 * management account ({@code MANAGEMENT_ROLE_ARN}), since the report carries only the ID.
 *
 * <p>The name is a nicety: when the lookup is denied or keeps failing, the report still lands,
 * filed under the account ID, and the fallback is recorded (metadata, a warning, a metric).
 * Throttling and 5xx are retried within a bounded share of the remaining time.
 */
public final class AccountNameResolver {

    /** The name lookup may use at most this much of the invocation before falling back. */
    static final Duration LOOKUP_BUDGET = Duration.ofSeconds(60);

    private final OrganizationsClient organizations;
    private final StsClient sts;
    private final String managementRoleArn;
    private final ConcurrentMap<String, StsAssumeRoleCredentialsProvider> roleCredentials = new ConcurrentHashMap<>();

    /**
     * @param organizations a client whose own credentials are never used: each request carries
     *     the management-role credentials
     * @param sts the client that assumes the management role with the collector's credentials
     */
    public AccountNameResolver(OrganizationsClient organizations, StsClient sts, String managementRoleArn) {
        this.organizations = organizations;
        this.sts = sts;
        this.managementRoleArn = managementRoleArn;
    }

    public AccountName resolve(String accountId, Deadline deadline, Retrier retrier) {
        Deadline budget = new Deadline(deadline.clock(),
                min(deadline.end(), deadline.clock().instant().plus(LOOKUP_BUDGET)));
        DescribeAccountRequest request = DescribeAccountRequest.builder()
                .accountId(accountId)
                .overrideConfiguration(o -> o.credentialsProvider(credentialsFor(accountId)))
                .build();
        try {
            String name = retrier.call(CollectionException.giveUp(accountId, Step.ACCOUNT_NAME), budget, AwsErrors::isTransient,
                    () -> organizations.describeAccount(request).account().name());
            if (name == null || name.isBlank()) {
                return AccountName.fallback(accountId, "DescribeAccount returned no name");
            }
            return AccountName.described(name);
        } catch (CollectionException e) {
            // The lookup ran out of its time budget: file the report under the ID rather than lose it.
            return AccountName.fallback(accountId, "DescribeAccount kept failing: " + rootMessage(e));
        } catch (SdkException e) {
            return AccountName.fallback(accountId, "DescribeAccount as " + managementRoleArn + " failed: " + AwsErrors.describe(AwsErrors.rootCause(e)));
        }
    }

    /** The assume-role credentials, created once per account (one AssumeRole, refreshed by the SDK). */
    private AwsCredentialsProvider credentialsFor(String accountId) {
        return roleCredentials.computeIfAbsent(accountId, id -> StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(managementRoleArn)
                        .roleSessionName(sessionName(id))
                        // the org-read role's trust requires it, and its permission names the account it carries
                        .sourceIdentity(id)
                        .durationSeconds(900))
                .asyncCredentialUpdateEnabled(false)
                .build());
    }

    /** The session name CloudTrail shows in the management account: which account asked. */
    public static String sessionName(String accountId) {
        return "stocktake-" + accountId;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String rootMessage(CollectionException e) {
        return e.getCause() instanceof SdkException sdk ? AwsErrors.describe(AwsErrors.rootCause(sdk)) : e.getMessage();
    }

}
