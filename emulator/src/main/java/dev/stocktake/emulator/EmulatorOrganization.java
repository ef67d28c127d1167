package dev.stocktake.emulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AlreadyInOrganizationException;
import software.amazon.awssdk.services.organizations.model.CreateAccountResponse;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * An AWS Organization inside the emulator, seeded the way the tests, the local run and the demo
 * need it: member accounts by name, IAM users with console passwords, MFA and access keys, and
 * credentials that act as any member account (AssumeRole into it).
 *
 * <p>The emulator's default account ({@link Emulator#DEFAULT_ACCOUNT_ID}) is the management
 * account and also hosts the central bucket.
 */
public final class EmulatorOrganization {

    /** The role every member account trusts from the management account, as AWS creates it. */
    public static final String MEMBER_ACCESS_ROLE = "OrganizationAccountAccessRole";

    private final URI endpoint;
    private final String organizationId;
    private final OrganizationsClient organizations;
    private final StsClient sts;
    private final Map<String, AwsCredentialsProvider> memberCredentials = new ConcurrentHashMap<>();
    private final List<MemberAccount> accounts = new ArrayList<>();

    private EmulatorOrganization(URI endpoint, String organizationId, OrganizationsClient organizations, StsClient sts) {
        this.endpoint = endpoint;
        this.organizationId = organizationId;
        this.organizations = organizations;
        this.sts = sts;
    }

    /** Creates the organization (all features) with the default account as management account. */
    public static EmulatorOrganization create(URI endpoint) {
        OrganizationsClient organizations = OrganizationsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        String id;
        try {
            id = organizations.createOrganization(r -> r.featureSet("ALL")).organization().id();
        } catch (AlreadyInOrganizationException e) {
            id = organizations.describeOrganization().organization().id();
        }
        StsClient sts = StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new EmulatorOrganization(endpoint, id, organizations, sts);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String organizationId() {
        return organizationId;
    }

    public String managementAccountId() {
        return Emulator.DEFAULT_ACCOUNT_ID;
    }

    public List<MemberAccount> accounts() {
        return List.copyOf(accounts);
    }

    /** Creates a member account; names need not be unique, as in AWS. */
    public MemberAccount createAccount(String name) {
        String email = "aws+" + (accounts.size() + 1) + "-" + Integer.toHexString(name.hashCode()) + "@example.com";
        CreateAccountResponse response = organizations.createAccount(r -> r.accountName(name).email(email));
        if (response.createAccountStatus().state() != CreateAccountState.SUCCEEDED) {
            throw new IllegalStateException("The emulator did not create account '" + name + "': " + response.createAccountStatus());
        }
        MemberAccount account = new MemberAccount(response.createAccountStatus().accountId(), name, email);
        accounts.add(account);
        return account;
    }

    /** Credentials that act as {@code accountId} (AssumeRole into its {@value #MEMBER_ACCESS_ROLE}). */
    public AwsCredentialsProvider credentialsFor(String accountId) {
        if (Emulator.DEFAULT_ACCOUNT_ID.equals(accountId)) {
            return Emulator.defaultCredentials();
        }
        return memberCredentials.computeIfAbsent(accountId, id -> {
            Credentials credentials = sts.assumeRole(r -> r
                    .roleArn("arn:aws:iam::" + id + ":role/" + MEMBER_ACCESS_ROLE)
                    .roleSessionName("stocktake-seed")).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
        });
    }

    public IamClient iam(String accountId) {
        return IamClient.builder()
                .endpointOverride(endpoint)
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentialsFor(accountId))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** An S3 client of the management (and central) account. */
    public S3Client s3() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(Emulator.defaultCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates a bucket in the central account (the default account). */
    public void createBucket(String bucket) {
        try (S3Client s3 = s3()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    /** Creates the IAM users of {@code users} in {@code accountId}. */
    public void createUsers(String accountId, List<UserSpec> users) {
        try (IamClient iam = iam(accountId)) {
            for (UserSpec user : users) {
                createUser(iam, accountId, user);
            }
        }
    }

    private static void createUser(IamClient iam, String accountId, UserSpec user) {
        iam.createUser(r -> r.userName(user.name()).path(user.path()));
        if (user.consolePassword()) {
            iam.createLoginProfile(r -> r.userName(user.name()).password("Stocktake-" + Integer.toHexString(user.name().hashCode()) + "!Aa1"));
        }
        if (user.mfa()) {
            CreateVirtualMfaDeviceResponse device = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(user.name() + "-mfa"));
            iam.enableMFADevice(r -> r.userName(user.name())
                    .serialNumber(device.virtualMFADevice().serialNumber())
                    .authenticationCode1("123456")
                    .authenticationCode2("654321"));
        }
        for (int i = 0; i < user.accessKeys(); i++) {
            iam.createAccessKey(r -> r.userName(user.name()));
        }
    }

    /** A member account of the emulated organization. */
    public record MemberAccount(String id, String name, String email) {
    }

    /**
     * An IAM user to create.
     *
     * @param path IAM path, {@code /} or e.g. {@code /engineering/}
     * @param accessKeys 0, 1 or 2
     */
    public record UserSpec(String name, String path, boolean consolePassword, boolean mfa, int accessKeys) {
        public UserSpec {
            if (accessKeys < 0 || accessKeys > 2) {
                throw new IllegalArgumentException("IAM allows 0 to 2 access keys per user, not " + accessKeys);
            }
            if (mfa && !consolePassword) {
                throw new IllegalArgumentException("MFA without a console password is not a case we seed: " + name);
            }
        }

        public static UserSpec console(String name, boolean mfa) {
            return new UserSpec(name, "/", true, mfa, 0);
        }

        public static UserSpec keysOnly(String name, int keys) {
            return new UserSpec(name, "/", false, false, keys);
        }
    }
}
