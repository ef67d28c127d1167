package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo's central bucket in the emulator and its copy in the demo folder ({@code reports/<key>}): the embedded
 * Trino and {@code ./stocktake report} read the copy, laid out as the bucket is.
 */
record DemoBucket(S3Client s3, String name, Path reports) {

    /** Stores an object written by the demo itself (not by the code it runs), and copies it. */
    void put(String key, String contentType, byte[] body) {
        s3.putObject(r -> r.bucket(name).key(key).contentType(contentType), RequestBody.fromBytes(body));
        mirror(key);
    }

    /** Copies what the bucket holds at {@code key} into the reports folder. */
    void mirror(String key) {
        Path target = reports.resolve(key).normalize();
        if (!target.startsWith(reports)) {
            throw new IllegalStateException("refusing to write outside " + reports + ": key " + key);
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, s3.getObjectAsBytes(r -> r.bucket(name).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
