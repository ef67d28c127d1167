package dev.stocktake.collector;

import java.time.Duration;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How every Stocktake Lambda builds its AWS clients: one URL-connection HTTP client (small, no
 * Netty or Apache client) shared by all clients of a function, the SDK's standard retries, and
 * per-attempt timeouts short enough that the function's own deadline logic stays in charge.
 */
public final class AwsClientDefaults {

    private AwsClientDefaults() {
    }

    /** A new HTTP client: build one per function and share it between its SDK clients. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Standard retries, 30 s per attempt. */
    public static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .build();
    }
}
