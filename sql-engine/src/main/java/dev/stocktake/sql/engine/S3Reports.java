package dev.stocktake.sql.engine;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Copies the reports under {@code s3://bucket/prefix} to a local folder, keeping the key layout below the prefix
 * and each object's last-modified time (so "the newest file wins" holds locally too). With
 * {@code AWS_ENDPOINT_URL} set (the emulator), that endpoint is used with path-style addressing.
 *
 * <p>Copying first keeps the embedded Trino on its local filesystem, exactly as the tests run it; a day of reports
 * for a few hundred accounts is a few megabytes.
 */
public final class S3Reports {

    private S3Reports() {
    }

    /** Parses {@code s3://bucket/prefix}; the prefix is empty or ends in '/'. */
    public record Location(String bucket, String prefix) {

        public static Location parse(String uri) {
            URI parsed = URI.create(uri);
            if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null || parsed.getHost().isEmpty()) {
                throw new IllegalArgumentException("not an s3://bucket/prefix location: " + uri);
            }
            String prefix = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            return new Location(parsed.getHost(), prefix);
        }
    }

    /**
     * Downloads every {@code .csv} object under the location into {@code folder}.
     *
     * @return the number of files copied
     */
    public static int download(Location location, Map<String, String> env, Path folder) {
        return download(location, env, folder, ".csv");
    }

    /**
     * Downloads every object under the location whose key ends with one of {@code suffixes} ({@code .csv},
     * {@code .json}: the JSON Lines companions) into {@code folder}.
     *
     * @return the number of files copied
     */
    public static int download(Location location, Map<String, String> env, Path folder, String... suffixes) {
        try (S3Client s3 = client(env)) {
            int count = 0;
            for (var page : s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(location.prefix()))) {
                for (S3Object object : page.contents()) {
                    String relative = object.key().substring(location.prefix().length());
                    if (java.util.Arrays.stream(suffixes).noneMatch(relative::endsWith)) {
                        continue;
                    }
                    Path target = folder.resolve(relative).normalize();
                    if (!target.startsWith(folder)) {
                        throw new IllegalStateException("object key escapes the folder: " + object.key());
                    }
                    Files.createDirectories(target.getParent());
                    Files.write(target, s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(object.key())).asByteArray());
                    Files.setLastModifiedTime(target, FileTime.from(object.lastModified()));
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy s3://" + location.bucket() + "/" + location.prefix() + " to " + folder, e);
        }
    }

    /**
     * An S3 client for {@code env}: region from {@code AWS_REGION}/{@code AWS_DEFAULT_REGION} (default us-east-1),
     * credentials from the default chain; with {@code AWS_ENDPOINT_URL} (the emulator) that endpoint, path-style.
     */
    public static S3Client client(Map<String, String> env) {
        S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create());
        String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        builder.region(Region.of(region));
        String endpoint = env.get("AWS_ENDPOINT_URL");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
            if (!env.containsKey("AWS_ACCESS_KEY_ID") && !env.containsKey("AWS_PROFILE")) {
                // the emulator accepts any key; do not go looking for real credentials
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
            }
        }
        return builder.build();
    }
}
