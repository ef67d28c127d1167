package dev.stocktake.cli.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.sql.engine.S3Reports;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A history under {@code s3://bucket/prefix/}. Writes as the collector does: server-side encryption (SSE-KMS with the
 * given key, else SSE-S3), the {@value ReportStore#ACCOUNT_TAG} tag and the {@code account-id} metadata, and only with
 * {@code If-None-Match: *}, so an existing object is never replaced.
 */
final class S3Location implements HistoryLocation {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String kmsKeyArn;

    /** @param kmsKeyArn SSE-KMS key for written objects, or {@code null} for SSE-S3 */
    S3Location(S3Client s3, S3Reports.Location location, String kmsKeyArn) {
        this.s3 = s3;
        this.bucket = location.bucket();
        this.prefix = location.prefix();
        this.kmsKeyArn = kmsKeyArn;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public List<String> list() {
        try {
            return listUnder(prefix);
        } catch (SdkException e) {
            throw new ImportException("cannot list " + describe() + ": " + AwsErrors.describe(e)
                    + ". Check the bucket name, the region (AWS_REGION) and s3:ListBucket for the current credentials.");
        }
    }

    @Override
    public List<String> listDay(String dayPath) {
        return listUnder(prefix + dayPath).stream().filter(path -> path.indexOf('/', dayPath.length()) < 0).toList();
    }

    private List<String> listUnder(String keyPrefix) {
        List<String> paths = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keyPrefix))) {
            for (S3Object object : page.contents()) {
                paths.add(object.key().substring(prefix.length()));
            }
        }
        return paths;
    }

    @Override
    public byte[] read(String path) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + path)).asByteArray();
    }

    @Override
    public boolean create(String path, byte[] content, String accountId, Map<String, String> metadata) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(prefix + path)
                .contentType("text/csv")
                .metadata(metadata)
                .tagging(ReportStore.ACCOUNT_TAG + "=" + accountId)
                .ifNoneMatch("*");
        if (kmsKeyArn != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyArn).bucketKeyEnabled(true);
        } else {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(content));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
