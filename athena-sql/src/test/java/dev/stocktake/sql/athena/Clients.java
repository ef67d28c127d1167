package dev.stocktake.sql.athena;

import java.net.URI;

import dev.stocktake.emulator.Emulator;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/** SDK clients pointed at the emulator (or the fault proxy in front of it). */
public final class Clients {

    private Clients() {
    }

    /** The SDK's standard retries, as the Lambdas' clients have them ({@code AwsClientDefaults}). */
    public static AthenaClient athena(URI endpoint) {
        return AthenaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(Emulator.REGION))
                .credentialsProvider(Emulator.defaultCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
                .build();
    }
}
