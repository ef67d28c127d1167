package dev.stocktake.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import dev.stocktake.sql.engine.S3Reports;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Says, before a command talks to AWS, whether the SDK's credential chain finds credentials, and what to do when it
 * does not (as the AWS CLI's "Unable to locate credentials"); and explains AWS refusing them (an expired session).
 * Messages name the profile and where it was looked for, never a key.
 */
final class AwsCredentialsCheck {

    private final Map<String, String> env;
    private final String withoutAws;

    /**
     * @param env the environment the SDK reads ({@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID})
     * @param withoutAws how to do the same without AWS (e.g. {@code ./stocktake collect --emulator}), or {@code null}
     */
    AwsCredentialsCheck(Map<String, String> env, String withoutAws) {
        this.env = env;
        this.withoutAws = withoutAws;
    }

    /**
     * For a command that reads or writes {@code locations} ({@code s3://} ones with the current credentials, as
     * {@code S3Reports.client} builds its client): {@code null} when none is in S3, when the emulator's test keys are
     * used ({@code AWS_ENDPOINT_URL} without {@code AWS_ACCESS_KEY_ID} or {@code AWS_PROFILE}), or when the default
     * chain finds credentials; else what is wrong and the next step.
     */
    static String forS3(Map<String, String> env, String... locations) {
        // a malformed s3:// location is the command's to name (S3Reports.Location.parse), not a credentials question
        boolean s3 = java.util.Arrays.stream(locations).anyMatch(AwsCredentialsCheck::isS3Location);
        boolean emulatorKeys = env.get("AWS_ENDPOINT_URL") != null && !env.get("AWS_ENDPOINT_URL").isBlank()
                && !env.containsKey("AWS_ACCESS_KEY_ID") && !env.containsKey("AWS_PROFILE");
        if (!s3 || emulatorKeys) {
            return null;
        }
        return new AwsCredentialsCheck(env, null).problem(DefaultCredentialsProvider.builder().build());
    }

    private static boolean isS3Location(String location) {
        if (location == null || !location.startsWith("s3://")) {
            return false;
        }
        try {
            S3Reports.Location.parse(location);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code null} when {@code credentials} resolve, else what is wrong and the next step (several lines). */
    String problem(AwsCredentialsProvider credentials) {
        try {
            credentials.resolveCredentials();
            return null;
        } catch (SdkException | UncheckedIOException e) {
            // The chain's own failure, or one it let through: an SSO profile whose token cache file is missing.
            return explainMissing();
        }
    }

    /** What to say when AWS refused the credentials ({@link AwsErrors#isCredentialsProblem}), with the next step. */
    String refused(SdkException e) {
        String source = env.get("AWS_ACCESS_KEY_ID") != null ? "the keys in AWS_ACCESS_KEY_ID" : "profile '" + profile() + "'";
        return "AWS refused the credentials of " + source + ": " + AwsErrors.describe(AwsErrors.rootCause(e)) + "\n"
                + "Next step: get fresh credentials, e.g.\n"
                + "  aws sso login --profile " + profileOr("<profile>") + "      for an IAM Identity Center (SSO) profile\n"
                + "  aws configure --profile " + profileOr("<profile>") + "      for access keys\n"
                + "and run the command again.";
    }

    private String explainMissing() {
        String profile = profile();
        boolean named = env.get("AWS_PROFILE") != null;
        ProfileFile profiles = ProfileFile.defaultProfileFile();
        if (named && profiles.profile(profile).isEmpty()) {
            return "The config profile '" + profile + "' (AWS_PROFILE) could not be found in ~/.aws/config or "
                    + "~/.aws/credentials.\n"
                    + "Next step: list the profiles with `aws configure list-profiles` and set AWS_PROFILE to one of them,\n"
                    + "or create it with `aws configure sso --profile " + profile + "` (IAM Identity Center) or "
                    + "`aws configure --profile " + profile + "` (access keys).";
        }
        if (profiles.profile(profile).isPresent()) {
            String reason = profileFailure(profile);
            boolean sso = profiles.profile(profile).get().property("sso_start_url").isPresent()
                    || profiles.profile(profile).get().property("sso_session").isPresent();
            return "Unable to load the AWS credentials of profile '" + profile + "': "
                    + (sso ? "its SSO session has expired or was never started (" + reason + ")" : reason) + "\n"
                    + (sso ? "Next step: aws sso login --profile " + profile
                            : "Next step: check the profile with `aws configure list --profile " + profile + "`.")
                    + (withoutAws == null ? "" : "\nOr try it without AWS: " + withoutAws);
        }
        return "Unable to locate AWS credentials (looked in AWS_ACCESS_KEY_ID, the profile 'default' in ~/.aws, and "
                + "the container and instance metadata).\n"
                + "Next step, one of:\n"
                + "  export AWS_PROFILE=<profile>          a profile of ~/.aws/config (`aws configure list-profiles`)\n"
                + "  aws sso login --profile <profile>     first, for an IAM Identity Center (SSO) profile"
                + (withoutAws == null ? "" : "\n  " + withoutAws + " ".repeat(Math.max(1, 38 - withoutAws.length()))
                        + "no AWS account needed: a local emulated organization");
    }

    /** The profile's own failure: the chain's message lists every provider, this one says what is wrong with the profile. */
    private static String profileFailure(String profile) {
        try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder().profileName(profile).build()) {
            provider.resolveCredentials();
            return "the SDK's credential chain failed, although the profile alone gives credentials";
        } catch (UncheckedIOException e) {
            return "cannot read " + (e.getCause() instanceof NoSuchFileException missing ? missing.getFile() + " (no such file)"
                    : String.valueOf(e.getCause().getMessage()));
        } catch (SdkException e) {
            // The SDK appends the profile file's outline (section and property names, never values): keep the reason.
            String message = String.valueOf(e.getMessage());
            int outline = message.indexOf(": ProfileFile(");
            return outline < 0 ? message : message.substring(0, outline) + ".";
        }
    }

    private String profile() {
        String named = env.get("AWS_PROFILE");
        return named == null || named.isBlank() ? "default" : named;
    }

    private String profileOr(String placeholder) {
        String named = env.get("AWS_PROFILE");
        return named == null || named.isBlank() ? placeholder : named;
    }
}
