package dev.stocktake.compaction;

import dev.stocktake.sql.athena.Clients;

import java.net.URI;

import dev.stocktake.emulator.Emulator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Clients for the compaction tests, pointed at the emulator or the fault proxy in front of it. */
final class CompactionTesting {

    private CompactionTesting() {
    }

    static S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static AthenaClient athena(URI endpoint) {
        return AthenaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
