package dev.stocktake.collector.testing;

import dev.stocktake.support.testing.MutableClock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

import dev.stocktake.collector.Collector;
import dev.stocktake.collector.CollectorConfig;
import dev.stocktake.collector.CollectorFactory;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.emulator.EmulatorOrganization;
import software.amazon.awssdk.regions.Region;

/** Builds collectors that act as a member account of an emulated organization, with captured logs. */
public final class Harness {

    public static final String ORG_READ_ROLE = "arn:aws:iam::123456789012:role/stocktake-org-read";

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

    /** Reports only, no IAM details files. */
    public static CollectorConfig config(URI endpoint, String bucket) {
        return new CollectorConfig(bucket, "credential-reports/", ORG_READ_ROLE, ZoneId.of("UTC"), null, endpoint);
    }

    /** Reports and IAM details files (under {@code iam-details/}), as the Lambda's defaults. */
    public static CollectorConfig withDetails(URI endpoint, String bucket) {
        return config(endpoint, bucket).withDetailsPrefix("iam-details/");
    }

    /** A collector running with {@code accountId}'s credentials, against {@code endpoint}. */
    public Collector collectorFor(EmulatorOrganization org, String accountId, CollectorConfig config, MutableClock clock) {
        return CollectorFactory.create(config, org.credentialsFor(accountId), Region.US_EAST_1, log, clock, clock::advance,
                new Random(7));
    }

    public List<String> logLines() {
        return logBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
