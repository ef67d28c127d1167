package dev.stocktake.notifier.idempotency;

import dev.stocktake.support.aws.AwsErrors;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One marker object per day and channel, {@code s3://<bucket>/<prefix>YYYY/MM/DD/<channel>.json}, so that a retry
 * (or a second run the same day) never sends that day's digest twice.
 *
 * <p>The order is <b>claim, send, confirm</b>: the marker is created with {@code If-None-Match: *} <em>before</em>
 * sending (state {@code sending}); only the run that created it sends. After the channel took the message the marker
 * becomes {@code sent} with the channel's receipt. When the channel refused the message (nothing went out) the claim is
 * released (the marker deleted) so the next run sends. A run that dies between claim and confirm leaves
 * {@code sending}: the digest may or may not have gone out, and it is <em>not</em> sent again: the notifier logs an
 * error saying how to re-send (delete the marker). This prefers a missed digest, which the log reports, to a duplicate
 * in everyone's inbox.
 */
public final class DeliveryMarkers {

    public static final String DEFAULT_PREFIX = "notifier/deliveries/";
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public DeliveryMarkers(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** What {@link #claim} found. */
    public sealed interface Claim {

        /** This run owns the day's delivery on the channel and must send. */
        record Claimed(String key) implements Claim {
        }

        /** Already delivered: do not send. */
        record AlreadySent(String key, String receipt, String sentAt) implements Claim {
        }

        /** Another run claimed it and has not confirmed: it is sending now, or died mid-send. Do not send. */
        record InDoubt(String key, String claimedAt) implements Claim {
        }
    }

    /** The marker's key, e.g. {@code notifier/deliveries/2026/03/05/email.json}. */
    public String key(LocalDate day, String channel) {
        return prefix + DAY_PATH.format(day) + "/" + channel + ".json";
    }

    public String location(LocalDate day, String channel) {
        return "s3://" + bucket + "/" + key(day, channel);
    }

    /**
     * Claims the day's delivery on {@code channel} (a conditional create).
     *
     * @throws MarkerException when the marker cannot be written or read
     */
    public Claim claim(LocalDate day, String channel, Instant now) {
        String key = key(day, channel);
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromString(json(Map.of("day", day.toString(), "channel", channel, "state", "sending",
                            "claimedAt", now.toString()))));
            return new Claim.Claimed(key);
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw new MarkerException("cannot create the delivery marker " + location(day, channel) + ": "
                        + AwsErrors.describe(e), e);
            }
        } catch (SdkException e) {
            throw new MarkerException("cannot create the delivery marker " + location(day, channel) + ": "
                    + AwsErrors.describe(e), e);
        }
        Map<String, String> marker = read(day, channel);
        if ("sent".equals(marker.get("state"))) {
            return new Claim.AlreadySent(key, marker.getOrDefault("receipt", ""), marker.getOrDefault("sentAt", ""));
        }
        return new Claim.InDoubt(key, marker.getOrDefault("claimedAt", "(unknown)"));
    }

    /**
     * The day's marker on {@code channel} as it stands, without claiming: {@code null} when there is none (a run may
     * skip the queries when every channel already has one).
     */
    public Claim existing(LocalDate day, String channel) {
        String key = key(day, channel);
        Map<String, String> marker;
        try {
            marker = parse(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new MarkerException("cannot read the delivery marker " + location(day, channel) + ": " + AwsErrors.describe(e), e);
        } catch (SdkException e) {
            throw new MarkerException("cannot read the delivery marker " + location(day, channel) + ": " + AwsErrors.describe(e), e);
        }
        return "sent".equals(marker.get("state"))
                ? new Claim.AlreadySent(key, marker.getOrDefault("receipt", ""), marker.getOrDefault("sentAt", ""))
                : new Claim.InDoubt(key, marker.getOrDefault("claimedAt", "(unknown)"));
    }

    /** Records that the channel took the day's digest. */
    public void sent(LocalDate day, String channel, String receipt, Instant now) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key(day, channel)).contentType("application/json"),
                    RequestBody.fromString(json(Map.of("day", day.toString(), "channel", channel, "state", "sent",
                            "receipt", receipt == null ? "" : receipt, "sentAt", now.toString()))));
        } catch (SdkException e) {
            throw new MarkerException("the digest went out on " + channel + " but the marker " + location(day, channel)
                    + " could not be set to sent: " + AwsErrors.describe(e) + ". A retry will not send it again (the claim "
                    + "is still there).", e);
        }
    }

    /** Gives the claim up after the channel refused the message, so that the next run sends. */
    public void release(LocalDate day, String channel) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key(day, channel)));
        } catch (SdkException e) {
            throw new MarkerException("cannot delete the delivery marker " + location(day, channel) + " after a failed "
                    + "send: " + AwsErrors.describe(e) + ". Delete it by hand to have the digest sent by the next run.", e);
        }
    }

    private Map<String, String> read(LocalDate day, String channel) {
        try {
            String body = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key(day, channel))).asUtf8String();
            return parse(body);
        } catch (SdkException e) {
            throw new MarkerException("cannot read the delivery marker " + location(day, channel) + ": "
                    + AwsErrors.describe(e), e);
        }
    }

    static String json(Map<String, String> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (String name : new java.util.TreeSet<>(fields.keySet())) {
                json.writeStringField(name, fields.get(name));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Map<String, String> parse(String body) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return fields;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    fields.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // a marker that is not JSON counts as a claim in doubt
        }
        return fields;
    }

    /** The marker could not be written, read or deleted. */
    public static final class MarkerException extends RuntimeException {
        public MarkerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
