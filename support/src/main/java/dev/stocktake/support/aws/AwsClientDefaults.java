package dev.stocktake.support.aws;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How every Stocktake Lambda builds its AWS clients: one URL-connection HTTP client (small, no
 * Netty or Apache client) shared by all clients of a function, the SDK's standard retries, and
 * per-attempt timeouts short enough that the function's own deadline logic stays in charge.
 */
public final class AwsClientDefaults {

    private AwsClientDefaults() {
    }

    /** A new HTTP client (5 s to connect, 30 s per read): build one per function and share it between its SDK clients. */
    public static SdkHttpClient httpClient() {
        return httpClient(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** A new HTTP client with the given timeouts, for a function whose work is due sooner. */
    public static SdkHttpClient httpClient(Duration connect, Duration read) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(connect)
                .socketTimeout(read)
                .build();
    }

    /** Standard retries, 30 s per attempt. */
    public static ClientOverrideConfiguration overrides() {
        return overrides(Duration.ofSeconds(30));
    }

    /** Standard retries with the given time per attempt. */
    public static ClientOverrideConfiguration overrides(Duration perAttempt) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(perAttempt)
                .build();
    }

    /**
     * Sets the shared HTTP client, credentials, region and overrides on {@code builder}, and the endpoint when
     * {@code endpointOverride} ({@code AWS_ENDPOINT_URL}, the local emulator) is not {@code null}.
     */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, AwsCredentialsProvider credentials, Region region, URI endpointOverride, SdkHttpClient http,
            ClientOverrideConfiguration overrides) {
        builder.httpClient(http);
        builder.credentialsProvider(credentials).region(region).overrideConfiguration(overrides);
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    /** The SDK's default region chain ({@code AWS_REGION} first, as Lambda sets it), or us-east-1 when it finds none. */
    public static Region defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }
}
