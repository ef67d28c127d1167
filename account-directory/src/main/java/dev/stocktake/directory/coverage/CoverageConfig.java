package dev.stocktake.directory.coverage;

import static dev.stocktake.support.env.Environment.DATABASE;
import static dev.stocktake.support.env.Environment.DATABASE_EXPECTED;
import static dev.stocktake.support.env.Environment.NAME;
import static dev.stocktake.support.env.Environment.WORKGROUP_EXPECTED;
import static dev.stocktake.support.env.Environment.required;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;

import dev.stocktake.support.env.Environment;

/**
 * The coverage check's configuration, from environment variables; a missing or malformed value fails at start
 * naming the variable. The Athena variables are the digest's and the time zone is the collector's, so one set of
 * values configures them all.
 *
 * @param workGroup        {@code ATHENA_WORKGROUP}: the Stocktake workgroup (its enforced settings hold the results location)
 * @param database         {@code ATHENA_DATABASE}: the Glue database holding the {@code coverage} view
 * @param timeZone         {@code REPORT_TIME_ZONE}: the zone of the report dates (default UTC); the check looks at
 *                         yesterday in it
 * @param endpointOverride {@code AWS_ENDPOINT_URL}: one endpoint for every service (the emulator), or null
 */
public record CoverageConfig(String workGroup, String database, ZoneId timeZone, URI endpointOverride) {

    public static final String ATHENA_WORKGROUP = "ATHENA_WORKGROUP";
    public static final String ATHENA_DATABASE = "ATHENA_DATABASE";
    public static final String REPORT_TIME_ZONE = "REPORT_TIME_ZONE";
    public static final String AWS_ENDPOINT_URL = Environment.AWS_ENDPOINT_URL;

    public static CoverageConfig fromEnv(Map<String, String> env) {
        return new CoverageConfig(required(env, ATHENA_WORKGROUP, NAME, WORKGROUP_EXPECTED),
                required(env, ATHENA_DATABASE, DATABASE, DATABASE_EXPECTED),
                Environment.timeZone(env, REPORT_TIME_ZONE),
                Environment.endpoint(Environment.optional(env, AWS_ENDPOINT_URL)));
    }
}
