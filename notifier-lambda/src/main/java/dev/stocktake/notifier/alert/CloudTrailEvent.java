package dev.stocktake.notifier.alert;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One IAM API call as CloudTrail records it and EventBridge delivers it (detail-type "AWS API Call via CloudTrail",
 * source {@code aws.iam}), reduced to what an alert shows.
 *
 * @param eventId      CloudTrail's {@code eventID}: the same on every delivery of the same call (the dedupe key)
 * @param change       which of the nine calls
 * @param time         {@code eventTime}
 * @param accountId    the account whose IAM changed ({@code recipientAccountId}, which must be the envelope's
 *                     {@code account} when both are there; else the envelope's {@code account})
 * @param actor        who made the call
 * @param sourceIp     {@code sourceIPAddress}: an IP address, or a service name such as
 *                     {@code cloudformation.amazonaws.com} when a service called on the principal's behalf
 * @param userName     the IAM user the call concerns (for calls on oneself: the caller's user name)
 * @param accessKeyId  the access key concerned, or {@code null}
 * @param keyStatus    UpdateAccessKey's new status ({@code Active}/{@code Inactive}), or {@code null}
 * @param errorCode    CloudTrail's {@code errorCode} when the call failed (nothing changed), else {@code null}
 */
public record CloudTrailEvent(String eventId, IamChange change, Instant time, String accountId, Actor actor,
                              String sourceIp, String userName, String accessKeyId, String keyStatus, String errorCode) {

    /** The EventBridge detail type of CloudTrail's management events. */
    public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    public static final String SOURCE = "aws.iam";
    public static final String EVENT_SOURCE = "iam.amazonaws.com";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    /**
     * Who made the call.
     *
     * @param type CloudTrail's {@code userIdentity.type}: {@code IAMUser}, {@code AssumedRole}, {@code Root},
     *             {@code AWSService}, {@code FederatedUser}, …
     * @param arn  the principal ARN ({@code userIdentity.arn}); for an AWS service, the service
     *             ({@code userIdentity.invokedBy}) as no ARN exists
     */
    public record Actor(String type, String arn) {
    }

    /** Whether the call succeeded (CloudTrail also records denied and failed calls). */
    public boolean succeeded() {
        return errorCode == null;
    }

    /**
     * Reads an EventBridge event (as the SQS target delivers it: the whole envelope).
     *
     * @throws MalformedEventException naming what is missing or wrong
     */
    public static CloudTrailEvent parse(String json) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (IOException e) {
            throw new MalformedEventException("the message is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!root.isObject()) {
            throw new MalformedEventException("the message is not a JSON object (an EventBridge event)");
        }
        String detailType = Json.text(root, "detail-type");
        if (!DETAIL_TYPE.equals(detailType)) {
            throw new MalformedEventException("detail-type is '" + detailType + "', not '" + DETAIL_TYPE
                    + "': the central rule should only let CloudTrail's API call events through");
        }
        String source = Json.text(root, "source");
        if (!SOURCE.equals(source)) {
            throw new MalformedEventException("source is '" + source + "', not '" + SOURCE + "': only IAM's own CloudTrail "
                    + "events are alerted on");
        }
        JsonNode detail = root.path("detail");
        if (!detail.isObject()) {
            throw new MalformedEventException("the event has no detail object (CloudTrail's record)");
        }
        String eventSource = Json.text(detail, "eventSource");
        if (!EVENT_SOURCE.equals(eventSource)) {
            throw new MalformedEventException("detail.eventSource is '" + eventSource + "', not " + EVENT_SOURCE);
        }
        String eventName = Json.text(detail, "eventName");
        IamChange change = IamChange.of(eventName);
        if (change == null) {
            throw new MalformedEventException("detail.eventName '" + eventName + "' is not one of " + IamChange.EVENT_NAMES);
        }
        String eventId = Json.text(detail, "eventID");
        if (eventId == null) {
            throw new MalformedEventException("detail.eventID is missing: a CloudTrail record always has one");
        }
        String timeText = Json.text(detail, "eventTime");
        Instant time;
        try {
            time = Instant.parse(String.valueOf(timeText));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("detail.eventTime '" + timeText + "' is not an ISO 8601 time such as 2026-03-15T09:12:01Z");
        }
        String recipient = Json.text(detail, "recipientAccountId");
        String envelope = Json.text(root, "account");
        String account = recipient != null ? recipient : envelope;
        if (account == null || !ACCOUNT_ID.matcher(account).matches()) {
            throw new MalformedEventException("detail.recipientAccountId '" + account + "' is not a 12-digit account ID");
        }
        // EventBridge sets the envelope's account to the account that put the event on the bus: a forwarder can report
        // only its own account's IAM changes, never another account's.
        if (recipient != null && envelope != null && !recipient.equals(envelope)) {
            throw new MalformedEventException("the envelope's account '" + envelope + "' (the account that put the event on the "
                    + "bus) is not detail.recipientAccountId '" + recipient + "': an account may only report changes to its "
                    + "own IAM users, so the event is refused");
        }
        JsonNode identity = detail.path("userIdentity");
        if (!identity.isObject()) {
            throw new MalformedEventException("detail.userIdentity is missing: cannot tell who made the call");
        }
        String type = Json.text(identity, "type");
        String arn = Json.text(identity, "arn");
        if (arn == null) {
            arn = Json.text(identity, "invokedBy");
        }
        if (arn == null) {
            arn = Json.text(identity, "principalId");
        }
        if (type == null || arn == null) {
            throw new MalformedEventException("detail.userIdentity has no type or no arn/invokedBy/principalId: cannot tell who "
                    + "made the call");
        }
        String sourceIp = Json.text(detail, "sourceIPAddress");
        String userName = first(Json.text(detail, "requestParameters", "userName"),
                Json.text(detail, "responseElements", "user", "userName"),
                Json.text(detail, "responseElements", "accessKey", "userName"),
                Json.text(detail, "responseElements", "loginProfile", "userName"),
                "IAMUser".equals(type) ? Json.text(identity, "userName") : null);
        if (userName == null) {
            // a call on oneself by a root or role session names no user; Root's "user" is the account's root user
            userName = "Root".equals(type) ? "<root_account>" : null;
        }
        if (userName == null && Json.text(detail, "errorCode") == null) {
            throw new MalformedEventException(eventName + " names no IAM user (requestParameters.userName, "
                    + "responseElements) and the caller is not an IAM user");
        }
        String accessKeyId = first(Json.text(detail, "requestParameters", "accessKeyId"),
                Json.text(detail, "responseElements", "accessKey", "accessKeyId"));
        return new CloudTrailEvent(eventId, change, time, account, new Actor(type, arn),
                sourceIp == null ? "(not recorded)" : sourceIp, userName == null ? "(unknown)" : userName, accessKeyId,
                Json.text(detail, "requestParameters", "status"), Json.text(detail, "errorCode"));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
