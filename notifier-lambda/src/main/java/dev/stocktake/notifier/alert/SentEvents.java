package dev.stocktake.notifier.alert;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Duplicate suppression: one DynamoDB item per CloudTrail event and channel ({@code pk = <eventID>#<channel>}),
 * expiring by TTL after {@link #KEEP}, longer than the queue keeps a message.
 *
 * <p><b>Claim, send, confirm</b>: a conditional put ({@code attribute_not_exists(pk)}) claims the event before the
 * send (state {@code sending}); only the claimant sends; after the channel took it the item becomes {@code sent}. When
 * the channel refused (nothing went out) the claim is deleted and the message goes back to the queue, so the retry
 * sends. A claim still {@code sending} after {@link #LEASE} belongs to a run that died or timed out mid-send: the alert
 * may have gone out, so it is not sent again ({@link Claim.InDoubt}, logged as an error and counted).
 */
final class SentEvents {

    static final Duration KEEP = Duration.ofDays(14);
    /** Longer than the function's timeout: a younger claim may still be sending. */
    static final Duration LEASE = Duration.ofMinutes(10);

    private final DynamoDbClient dynamo;
    private final String table;

    SentEvents(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** What a claim found. */
    sealed interface Claim {
        /** This run sends. */
        record Claimed() implements Claim {
        }

        /** Already sent (a redelivery): skip. */
        record AlreadySent(String sentAt) implements Claim {
        }

        /** Another run claimed it moments ago and may be sending now: try again later. */
        record Busy(String claimedAt) implements Claim {
        }

        /** Claimed long ago and never confirmed: maybe sent; not sent again. */
        record InDoubt(String claimedAt) implements Claim {
        }
    }

    static String key(String eventId, String channel) {
        return eventId + "#" + channel;
    }

    /**
     * Claims the event on the channel.
     *
     * @throws DedupeException when DynamoDB cannot be written or read
     */
    Claim claim(String eventId, String channel, Instant now) {
        String pk = key(eventId, channel);
        try {
            dynamo.putItem(request -> request.tableName(table)
                    .item(Map.of("pk", s(pk), "state", s("sending"), "claimedAt", s(now.toString()),
                            "expiresAt", n(now.plus(KEEP).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk)"));
            return new Claim.Claimed();
        } catch (ConditionalCheckFailedException e) {
            // claimed before: read below
        } catch (SdkException e) {
            throw new DedupeException("cannot claim " + pk + " in DynamoDB table " + table + ": " + AwsErrors.describe(e), e);
        }
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(request -> request.tableName(table).key(Map.of("pk", s(pk))).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new DedupeException("cannot read " + pk + " in DynamoDB table " + table + ": " + AwsErrors.describe(e), e);
        }
        if (item == null || item.isEmpty()) {
            // released between the put and the read: claim again
            return claim(eventId, channel, now);
        }
        String state = text(item, "state");
        if ("sent".equals(state)) {
            return new Claim.AlreadySent(text(item, "sentAt"));
        }
        String claimedAt = text(item, "claimedAt");
        Instant claimed;
        try {
            claimed = Instant.parse(claimedAt);
        } catch (RuntimeException e) {
            return new Claim.InDoubt(String.valueOf(claimedAt));
        }
        return now.isBefore(claimed.plus(LEASE)) ? new Claim.Busy(claimedAt) : new Claim.InDoubt(claimedAt);
    }

    /** Records that the channel took the alert. */
    void sent(String eventId, String channel, String receipt, Instant now) {
        String pk = key(eventId, channel);
        try {
            dynamo.putItem(request -> request.tableName(table)
                    .item(Map.of("pk", s(pk), "state", s("sent"), "sentAt", s(now.toString()),
                            "receipt", s(receipt == null || receipt.isEmpty() ? "-" : receipt),
                            "expiresAt", n(now.plus(KEEP).getEpochSecond()))));
        } catch (SdkException e) {
            throw new DedupeException("the alert went out on " + channel + " but " + pk + " could not be set to sent in table "
                    + table + ": " + AwsErrors.describe(e) + "; a redelivery will find the claim and not send it again", e);
        }
    }

    /** Gives the claim up after the channel refused, so the retry sends. */
    void release(String eventId, String channel) {
        String pk = key(eventId, channel);
        try {
            dynamo.deleteItem(request -> request.tableName(table).key(Map.of("pk", s(pk))));
        } catch (SdkException e) {
            throw new DedupeException("cannot delete the claim " + pk + " in table " + table + " after a refused send: "
                    + AwsErrors.describe(e) + "; the alert will be reported in doubt after " + LEASE.toMinutes() + " minutes", e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** The dedupe table cannot be written or read: the batch item fails and SQS retries it. */
    static final class DedupeException extends RuntimeException {
        DedupeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
