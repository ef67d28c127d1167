package dev.stocktake.remediation;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.SerializationFeature;

import dev.stocktake.support.storage.CreateOrReplace;
import dev.stocktake.support.storage.ObjectLockRetention;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The append-only journal of a plan in the central bucket:
 * {@code <prefix>remediation/YYYY/MM/DD/<plan id>/<step id>.<phase>.json}, the day being the plan's (from its ID),
 * so one listing gives every record of a plan. Each record is created with {@code If-None-Match: *} (never
 * overwritten) and, when configured, an Object Lock retention. The records are what apply resumes from.
 */
public final class Journal {

    private static final DateTimeFormatter ID_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectLockRetention retention;

    /**
     * @param prefix    the bucket's prefix before {@code remediation/}: empty, or ending in {@code /}
     * @param retention the Object Lock retention of each record, or null for none
     */
    public Journal(S3Client s3, String bucket, String prefix, ObjectLockRetention retention) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.retention = retention;
    }

    public String bucket() {
        return bucket;
    }

    /** The folder of a plan's records, e.g. {@code remediation/2026/12/03/q-20261203-1a2b3c/}. */
    public String folder(String planId) {
        return folder(prefix, planId);
    }

    public String key(JournalRecord record) {
        return key(prefix, record);
    }

    /** The key of a record in a bucket whose journal is under {@code prefix}{@code remediation/}. */
    static String key(String prefix, JournalRecord record) {
        return folder(prefix, record.planId()) + record.stepId() + "." + record.phase().suffix() + ".json";
    }

    private static String folder(String prefix, String planId) {
        if (!PlanFile.PLAN_ID.matcher(planId).matches()) {
            throw new IllegalArgumentException("'" + planId + "' is not a plan ID (q-YYYYMMDD-xxxxxx or d-YYYYMMDD-xxxxxx)");
        }
        LocalDate day = LocalDate.parse(planId.substring(2, 10), ID_DAY);
        return prefix + Remediation.JOURNAL_PREFIX + String.format("%04d/%02d/%02d/", day.getYear(), day.getMonthValue(),
                day.getDayOfMonth()) + planId + "/";
    }

    /**
     * The record as stored: ONE line of JSON (no indentation, no line break). The {@code remediation_journal} table
     * reads the journal with the OpenX JSON SerDe, which takes each line as one record: a pretty-printed record would
     * be read as a row per line, all of them malformed.
     */
    static byte[] line(JournalRecord record) throws IOException {
        return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(record);
    }

    /**
     * Creates the record; fails when it exists already (another run of the same plan at the same time) or cannot be
     * written. Returns its key.
     */
    public String append(JournalRecord record) {
        String key = key(record);
        byte[] body;
        try {
            body = line(record);
        } catch (IOException e) {
            throw new IllegalStateException("The journal record of " + record.actionId() + " could not be written as JSON", e);
        }
        try {
            s3.putObject(r -> {
                r.bucket(bucket).key(key).ifNoneMatch("*").contentType("application/json");
                if (retention != null) {
                    r.objectLockMode(ObjectLockMode.fromValue(retention.mode().name()))
                            .objectLockRetainUntilDate(retention.retainUntil(record.at()));
                }
            }, RequestBody.fromBytes(body));
        } catch (SdkException e) {
            if (CreateOrReplace.preconditionFailed(e)) {
                throw new JournalException("s3://" + bucket + "/" + key + " exists already: another run of plan "
                        + record.planId() + " recorded this step at the same time. Stop the other run, then run again: "
                        + "the journal says what is done.", e);
            }
            throw new JournalException("Could not record " + record.actionId() + " (" + record.phase().suffix() + ") to s3://"
                    + bucket + "/" + key + ": " + e.getMessage() + ". Check the bucket name and that your credentials may "
                    + "s3:PutObject there (and s3:PutObjectRetention with Object Lock); then run the same command again: "
                    + "it resumes from the journal.", e);
        }
        return key;
    }

    /** Every record of a plan, in key order. */
    public List<JournalRecord> records(String planId) {
        String folder = folder(planId);
        List<JournalRecord> records = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)).contents()) {
                byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray();
                try {
                    records.add(Json.MAPPER.readValue(bytes, JournalRecord.class));
                } catch (IOException e) {
                    throw new JournalException("The journal record s3://" + bucket + "/" + object.key() + " is not a "
                            + "journal record (" + e.getMessage() + "). Records are written only by stocktake remediate; "
                            + "find out who wrote this one before going on.", e);
                }
            }
        } catch (SdkException e) {
            throw new JournalException("Could not read the journal s3://" + bucket + "/" + folder + ": " + e.getMessage()
                    + ". Check the bucket name and that your credentials may s3:ListBucket and s3:GetObject there.", e);
        }
        return Collections.unmodifiableList(records);
    }

    /** Journal problems: the message says what to do. */
    public static final class JournalException extends RuntimeException {
        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
