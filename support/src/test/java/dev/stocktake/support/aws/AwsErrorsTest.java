package dev.stocktake.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AwsErrorsTest {

    private static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
                .build();
    }

    /** What the SDK's own chain throws when it finds no credentials (no environment keys, an empty profile file). */
    private static SdkException noCredentialsFromTheSdk() {
        ProfileFile empty = ProfileFile.aggregator().build();
        var chain = AwsCredentialsProviderChain.of(
                ProfileCredentialsProvider.builder().profileFile(empty).profileName("nosuch").build());
        try {
            chain.resolveCredentials();
        } catch (SdkException e) {
            return e;
        }
        throw new AssertionError("an empty profile file gave credentials");
    }

    @Test
    void no_credentials_found_by_the_sdk_chain_is_a_credentials_problem_and_not_transient() {
        SdkException e = noCredentialsFromTheSdk();

        assertThat(e).isInstanceOf(SdkClientException.class);
        assertThat(AwsErrors.isCredentialsProblem(e)).isTrue();
        assertThat(AwsErrors.isTransient(e)).isFalse();
    }

    @Test
    void a_chain_failure_wrapped_by_the_sdk_is_still_a_credentials_problem() {
        SdkException wrapped = SdkClientException.builder().message("request failed").cause(noCredentialsFromTheSdk()).build();

        assertThat(AwsErrors.isCredentialsProblem(wrapped)).isTrue();
        assertThat(AwsErrors.isTransient(wrapped)).isFalse();
    }

    @Test
    void expired_or_invalid_tokens_are_credentials_problems_and_not_transient() {
        for (String code : new String[] {"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
                "UnrecognizedClientException", "SignatureDoesNotMatch", "InvalidAccessKeyId"}) {
            AwsServiceException e = serviceError(code.startsWith("Invalid") ? 403 : 400, code);
            assertThat(AwsErrors.isCredentialsProblem(e)).as(code).isTrue();
            assertThat(AwsErrors.isTransient(e)).as(code).isFalse();
        }
    }

    @Test
    void an_expired_token_met_while_assuming_a_role_is_a_credentials_problem() {
        SdkException wrapped = SdkClientException.builder().message("Unable to assume role")
                .cause(serviceError(403, "ExpiredToken")).build();

        assertThat(AwsErrors.isCredentialsProblem(wrapped)).isTrue();
        assertThat(AwsErrors.isTransient(wrapped)).isFalse();
    }

    @Test
    void connection_failures_throttling_and_5xx_stay_transient() {
        assertThat(AwsErrors.isTransient(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
                .isTrue();
        assertThat(AwsErrors.isTransient(serviceError(400, "Throttling"))).isTrue();
        assertThat(AwsErrors.isTransient(serviceError(503, "ServiceUnavailable"))).isTrue();
        assertThat(AwsErrors.isCredentialsProblem(SdkClientException.create("Unable to execute HTTP request: timeout")))
                .isFalse();
    }

    @Test
    void an_error_without_a_code_like_a_denied_head_request_is_no_credentials_problem() {
        AwsServiceException head = AwsServiceException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorMessage("Forbidden").build()).build();
        AwsServiceException bare = AwsServiceException.builder().statusCode(403).build();

        assertThat(AwsErrors.isCredentialsProblem(head)).isFalse();
        assertThat(AwsErrors.isCredentialsProblem(bare)).isFalse();
        assertThat(AwsErrors.isTransient(head)).isFalse();
    }

    @Test
    void access_denied_is_neither_transient_nor_a_credentials_problem() {
        AwsServiceException denied = serviceError(403, "AccessDenied");

        assertThat(AwsErrors.isCredentialsProblem(denied)).isFalse();
        assertThat(AwsErrors.isTransient(denied)).isFalse();
    }
}
