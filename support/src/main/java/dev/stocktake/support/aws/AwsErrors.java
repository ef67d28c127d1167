package dev.stocktake.support.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** How Stocktake reads an AWS SDK error: a short description for messages, and whether it is worth retrying. */
public final class AwsErrors {

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
     * by the service error.
     */
    public static boolean isTransient(SdkException e) {
        SdkException root = rootCause(e);
        if (root instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return root instanceof SdkClientException;
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
