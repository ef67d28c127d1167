package dev.stocktake.directory.coverage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The coverage check's configuration, from environment variables; a missing or malformed value fails at start
 * naming the variable.
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
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    private static final Pattern WORKGROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    private static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");

    public static CoverageConfig fromEnv(Map<String, String> env) {
        String workGroup = required(env, ATHENA_WORKGROUP);
        if (!WORKGROUP.matcher(workGroup).matches()) {
            throw new IllegalArgumentException(ATHENA_WORKGROUP + " is not an Athena workgroup name: " + workGroup);
        }
        String database = required(env, ATHENA_DATABASE);
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException(ATHENA_DATABASE + " is not a Glue database name (a-z, 0-9, _): " + database);
        }
        ZoneId zone;
        String zoneName = env.getOrDefault(REPORT_TIME_ZONE, "UTC").strip();
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(REPORT_TIME_ZONE + " is not a time zone: " + zoneName, e);
        }
        URI endpoint = null;
        String endpointValue = env.get(AWS_ENDPOINT_URL);
        if (endpointValue != null && !endpointValue.isBlank()) {
            try {
                endpoint = new URI(endpointValue.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(AWS_ENDPOINT_URL + " is not a URL: " + endpointValue, e);
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException(AWS_ENDPOINT_URL + " is not a URL: " + endpointValue);
            }
        }
        return new CoverageConfig(workGroup, database, zone, endpoint);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.strip();
    }
}
