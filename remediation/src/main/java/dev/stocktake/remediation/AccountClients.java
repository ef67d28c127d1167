package dev.stocktake.remediation;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * IAM clients that act in each account through the remediation role, assumed with the operator's own credentials
 * ({@link StsAssumeRoleCredentialsProvider}: refreshed before the session ends). One client per account, reused.
 */
public final class AccountClients implements AutoCloseable {

    private final StsClient sts;
    private final String roleName;
    private final String sessionName;
    private final URI endpoint;
    private final AwsCredentialsProvider operator;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, IamClient> clients = new ConcurrentHashMap<>();

    /**
     * @param operator    the operator's credentials (profile or default chain)
     * @param endpoint    an endpoint override (the emulator), or null for AWS
     * @param roleName    the remediation role's name in every account
     * @param sessionName the role session name (CloudTrail shows it): the plan ID
     */
    public AccountClients(AwsCredentialsProvider operator, URI endpoint, String roleName, String sessionName) {
        this.operator = operator;
        this.endpoint = endpoint;
        this.roleName = roleName;
        this.sessionName = sessionName;
        var builder = StsClient.builder().region(Region.US_EAST_1).credentialsProvider(operator).httpClient(http);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.sts = builder.build();
    }

    public String roleArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    /** The operator's identity (ARN), for the records. */
    public String operatorArn() {
        return sts.getCallerIdentity().arn();
    }

    public IamClient iam(String accountId) {
        return clients.computeIfAbsent(accountId, id -> {
            var credentials = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(roleArn(id)).roleSessionName(sessionName)).build();
            var builder = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials).httpClient(http);
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        });
    }

    AwsCredentialsProvider operatorCredentials() {
        return operator;
    }

    @Override
    public void close() {
        clients.values().forEach(IamClient::close);
        sts.close();
        http.close();
    }
}
