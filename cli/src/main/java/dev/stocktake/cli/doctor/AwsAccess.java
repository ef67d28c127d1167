package dev.stocktake.cli.doctor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.stocktake.support.aws.AwsClientDefaults;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The operator's access to the deployment's accounts: one set of credentials per account role (a named profile, or
 * the environment's credentials), each proven with {@code sts:GetCallerIdentity} to be the account the config names,
 * and SDK clients built once per account and service. {@code AWS_ENDPOINT_URL} points every client at the emulator.
 */
final class AwsAccess implements AutoCloseable {

    /** The accounts the doctor reads, each by the role it plays in the deployment. */
    enum Role {
        MANAGEMENT("management account", "--management-profile"),
        CENTRAL("central (reporting) account", "--central-profile"),
        STACKSET_ADMIN("StackSet administrator account", "--stackset-profile");

        private final String label;
        private final String flag;

        Role(String label, String flag) {
            this.label = label;
            this.flag = flag;
        }

        String label() {
            return label;
        }

        String flag() {
            return flag;
        }
    }

    /**
     * One account as the doctor reaches it.
     *
     * @param profile    the named profile, or null for the environment's credentials
     * @param problem    why these credentials cannot be used (none found, expired), or null when they work
     */
    record Account(Role role, String accountId, String region, String profile, AwsCredentialsProvider credentials,
                   String problem) {

        /** "the central (reporting) account 222222222222 (profile central)". */
        String describe() {
            return "the " + role.label() + " " + accountId + (profile == null ? "" : " (profile " + profile + ")");
        }

        boolean usable() {
            return problem == null;
        }
    }

    /**
     * Which profile each role uses: its own flag, else {@code --profile}, else {@code AWS_PROFILE}, else the
     * environment's credentials.
     */
    record Profiles(String management, String central, String stackSetAdmin, String fallback) {
        String of(Role role) {
            String own = switch (role) {
                case MANAGEMENT -> management;
                case CENTRAL -> central;
                case STACKSET_ADMIN -> stackSetAdmin;
            };
            return own != null ? own : fallback;
        }
    }

    private static final ClientOverrideConfiguration OVERRIDES = AwsClientDefaults.overrides(Duration.ofSeconds(20));

    private final Map<String, String> env;
    private final URI endpoint;
    private final SdkHttpClient http = AwsClientDefaults.httpClient(Duration.ofSeconds(5), Duration.ofSeconds(30));
    private final Map<Role, Account> accounts = new LinkedHashMap<>();
    private final Map<String, SdkClient> clients = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** Each profile's credentials and whose they are, proven once (the environment's under the key ""). */
    private final Map<String, Identity> identities = new LinkedHashMap<>();

    /** Credentials, the account they belong to, or why they cannot be used. */
    private record Identity(AwsCredentialsProvider credentials, String account, String problem) {
    }

    private AwsAccess(Map<String, String> env) {
        this.env = env;
        String configured = env.get("AWS_ENDPOINT_URL");
        this.endpoint = configured == null || configured.isBlank() ? null : URI.create(configured.strip());
    }

    /**
     * Resolves and proves the credentials of each role. Fails (exit 2) when a named profile does not exist, when
     * credentials belong to another account than the config names, or when no role has working credentials.
     */
    static AwsAccess open(DeploymentConfig config, Profiles profiles, Map<String, String> env) {
        AwsAccess access = new AwsAccess(env);
        try {
            ProfileFile profileFile = null;
            for (Role role : Role.values()) {
                String expected = switch (role) {
                    case MANAGEMENT -> config.managementAccountId();
                    case CENTRAL -> config.centralAccountId();
                    case STACKSET_ADMIN -> config.stackSetAdminAccountId();
                };
                String profile = profiles.of(role);
                if (role == Role.STACKSET_ADMIN && profiles.stackSetAdmin() == null
                        && config.stackSetAdminAccountId().equals(config.managementAccountId())) {
                    profile = profiles.of(Role.MANAGEMENT); // SELF: the management account administers the StackSet
                }
                if (profile != null && profileFile == null) {
                    profileFile = access.profileFile();
                }
                String region = role == Role.CENTRAL ? config.centralRegion() : config.collectorRegion();
                access.accounts.put(role, access.prove(role, expected, region, profile, profileFile));
            }
            if (access.accounts.values().stream().noneMatch(Account::usable)) {
                throw new DoctorException("no credentials work for any account of the deployment: "
                        + access.accounts.get(Role.CENTRAL).problem()
                        + ". Sign in (aws sso login --profile <name>) and pass --profile, or --management-profile and "
                        + "--central-profile, or set AWS_PROFILE");
            }
            return access;
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    Account account(Role role) {
        return accounts.get(role);
    }

    private Account prove(Role role, String expectedAccount, String region, String profile, ProfileFile profileFile) {
        if (profile != null && profileFile.profile(profile).isEmpty()) {
            throw new DoctorException("profile '" + profile + "' (" + role.flag() + " or --profile) is not in "
                    + profileFiles() + "; `aws configure list-profiles` lists yours");
        }
        Identity identity = identities.computeIfAbsent(profile == null ? "" : profile,
                key -> identify(profile, profileFile, region));
        AwsCredentialsProvider credentials = identity.credentials();
        if (identity.problem() != null) {
            return new Account(role, expectedAccount, region, profile, credentials, identity.problem());
        }
        String actual = identity.account();
        if (!expectedAccount.equals(actual)) {
            throw new DoctorException("the credentials for the " + role.label() + " ("
                    + (profile == null ? "the environment's" : "profile '" + profile + "'") + ") are of account " + actual
                    + ", but the config names " + expectedAccount + "; pass " + role.flag()
                    + " with a profile of account " + expectedAccount);
        }
        return new Account(role, expectedAccount, region, profile, credentials, null);
    }

    private Identity identify(String profile, ProfileFile profileFile, String region) {
        AwsCredentialsProvider credentials = credentials(profile, profileFile);
        try (StsClient sts = configure(StsClient.builder(), credentials, Region.of(region)).build()) {
            return new Identity(credentials, sts.getCallerIdentity().account(), null);
        } catch (SdkException e) {
            String cause = firstLine(AwsErrors.describe(AwsErrors.rootCause(e)));
            String why = profile != null
                    ? "the credentials of profile '" + profile + "' do not work (" + cause + "); for an SSO profile run "
                    + "`aws sso login --profile " + profile + "`"
                    : cause.contains("Unable to load credentials")
                    ? "no AWS credentials found (no profile flag, no AWS_PROFILE, no AWS_ACCESS_KEY_ID, no default profile, "
                    + "no instance role)"
                    : "the environment's AWS credentials do not work (" + cause + ")";
            return new Identity(credentials, null, why);
        }
    }

    private AwsCredentialsProvider credentials(String profile, ProfileFile profileFile) {
        if (profile != null) {
            ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                    .profileFile(profileFile).profileName(profile).build();
            closeables.add(provider);
            return provider;
        }
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
        closeables.add(provider);
        return provider;
    }

    /** The shared config and credentials files, where the environment (AWS_CONFIG_FILE...) puts them. */
    private ProfileFile profileFile() {
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        Path config = configPath();
        Path credentials = credentialsPath();
        if (Files.isReadable(config)) {
            files.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        if (Files.isReadable(credentials)) {
            files.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
        }
        return files.build();
    }

    private String profileFiles() {
        return configPath() + " and " + credentialsPath();
    }

    private Path configPath() {
        String file = env.get("AWS_CONFIG_FILE");
        return file != null ? Path.of(file) : home().resolve(".aws").resolve("config");
    }

    private Path credentialsPath() {
        String file = env.get("AWS_SHARED_CREDENTIALS_FILE");
        return file != null ? Path.of(file) : home().resolve(".aws").resolve("credentials");
    }

    private Path home() {
        String home = env.get("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    CloudFormationClient cloudFormation(Account account) {
        return client(account, "cloudformation", a -> configure(CloudFormationClient.builder(), a).build());
    }

    OrganizationsClient organizations(Account account) {
        return client(account, "organizations", a -> configure(OrganizationsClient.builder(), a).build());
    }

    S3Client s3(Account account) {
        return client(account, "s3", a -> configure(S3Client.builder().forcePathStyle(endpoint != null), a).build());
    }

    GlueClient glue(Account account) {
        return client(account, "glue", a -> configure(GlueClient.builder(), a).build());
    }

    CloudWatchClient cloudWatch(Account account) {
        return client(account, "cloudwatch", a -> configure(CloudWatchClient.builder(), a).build());
    }

    CloudWatchLogsClient logs(Account account) {
        return client(account, "logs", a -> configure(CloudWatchLogsClient.builder(), a).build());
    }

    LambdaClient lambda(Account account) {
        return client(account, "lambda", a -> configure(LambdaClient.builder(), a).build());
    }

    /**
     * The collector's log in a member account, read through {@code roleName} assumed from the management account
     * (e.g. {@code OrganizationAccountAccessRole}, or a read-only role the organization deploys).
     */
    CloudWatchLogsClient memberLogs(String accountId, String roleName) {
        Account management = account(Role.MANAGEMENT);
        String key = "member-logs:" + accountId;
        return client(management, key, a -> {
            StsClient sts = configure(StsClient.builder(), a).build();
            StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/" + roleName)
                            .roleSessionName("stocktake-doctor"))
                    .build();
            closeables.add(provider);
            closeables.add(sts);
            return configure(CloudWatchLogsClient.builder(), provider, Region.of(a.region())).build();
        });
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkClient> C client(Account account, String service, Function<Account, C> build) {
        return (C) clients.computeIfAbsent(account.role() + "/" + service, key -> build.apply(account));
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, Account account) {
        return configure(builder, account.credentials(), Region.of(account.region()));
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder,
            AwsCredentialsProvider credentials, Region region) {
        return AwsClientDefaults.configure(builder, credentials, region, endpoint, http, OVERRIDES);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a credentials provider frees threads only; nothing to report
            }
        }
        http.close();
    }
}
