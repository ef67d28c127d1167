package dev.stocktake.support.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** How Stocktake reads an AWS SDK error: a short description for messages, and whether it is worth retrying. */
public final class AwsErrors {

    /** The error codes AWS answers when the caller's credentials are expired or not valid (STS, IAM, S3, SSO, JSON services). */
    private static final Set<String> CREDENTIAL_ERROR_CODES = Set.of(
            "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "TokenRefreshRequired", "AuthFailure");

    /** How the SDK's credential providers and their default chain begin the message of every failure to load credentials. */
    private static final String NO_CREDENTIALS = "Unable to load credentials";

    private AwsErrors() {
    }

    /** A short description of an SDK error: its code and message, never a request body. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Whether an error is worth retrying: throttling, 5xx, or a connection failure. A service
     * error wrapped in a client error (e.g. an STS denial while resolving credentials) is judged
     * by the service error. Missing, expired or invalid credentials ({@link #isCredentialsProblem}) are never
     * transient: only the operator can fix them.
     */
    public static boolean isTransient(SdkException e) {
        if (isCredentialsProblem(e)) {
            return false;
        }
        SdkException root = rootCause(e);
        if (root instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return root instanceof SdkClientException;
    }

    /**
     * Whether the error says the caller's credentials are missing, expired or not valid: the SDK found none (its
     * default chain, or a credential provider, could not load any), or AWS refused them ({@code ExpiredToken},
     * {@code InvalidClientTokenId}, {@code SignatureDoesNotMatch}, ...). A denial by policy ({@code AccessDenied}) is
     * not: those credentials are valid.
     */
    public static boolean isCredentialsProblem(SdkException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AwsServiceException service) {
                // a HEAD answer has no body, so no error code
                String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
                if (code != null && CREDENTIAL_ERROR_CODES.contains(code)) {
                    return true;
                }
            } else if (cause instanceof SdkClientException && cause.getMessage() != null
                    && cause.getMessage().startsWith(NO_CREDENTIALS)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost SDK exception of a cause chain: credential-provider failures arrive wrapped. */
    public static SdkException rootCause(SdkException e) {
        SdkException deepest = e;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SdkException sdk) {
                deepest = sdk;
            }
        }
        return deepest;
    }
}
