package dev.stocktake.notifier.owner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.stocktake.notifier.email.SesMail;
import dev.stocktake.notifier.idempotency.DeliveryException;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Sends one owner their own to-do ({@link OwnerDigestMessage}) through SES v2 with the digest's sender and
 * configuration set. Each owner is a delivery channel of its own, {@code owner-<hash>}, so the notifier's delivery
 * markers send each owner's email at most once a day. The owner's address never reaches a log line or a marker key:
 * {@link #channel(String)} hashes it, {@link #redacted(String)} shortens it, and SES's error messages are redacted.
 */
public final class OwnerDigests {

    /** The marker channel of an owner: this prefix and 16 hex digits of SHA-256 of the lower-case address. */
    public static final String CHANNEL_PREFIX = "owner-";

    private static final Pattern ADDRESS_IN_TEXT = Pattern.compile("[^@\\s,<>\"':;()\\[\\]]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    private final SesV2Client ses;
    private final OwnerDigestConfig config;

    public OwnerDigests(SesV2Client ses, OwnerDigestConfig config) {
        this.ses = ses;
        this.config = config;
    }

    public OwnerDigestConfig config() {
        return config;
    }

    /** {@code owner-1a2b3c4d5e6f7a8b}: the same for an address in any case. */
    public static String channel(String owner) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(owner.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return CHANNEL_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** {@code a***@example.com}: enough to tell a team's domain in a log, not the mailbox. */
    public static String redacted(String address) {
        int at = address.lastIndexOf('@');
        return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }

    /** {@code text} with every email address in it {@link #redacted(String) redacted}. */
    static String redactAddresses(String text) {
        return text == null ? null : ADDRESS_IN_TEXT.matcher(text).replaceAll(m -> m.group().charAt(0) + "***@" + m.group(1));
    }

    /**
     * Sends {@code email} to {@code owner}.
     *
     * @return SES's message ID
     * @throws DeliveryException when SES did not take it; its message names the channel, never the address
     */
    public String send(String owner, SesMail.Email email) {
        String channel = channel(owner);
        try {
            return new SesMail(ses, config.sender(), List.of(owner), config.sesConfigurationSet()).send(email);
        } catch (AwsServiceException e) {
            throw new DeliveryException(channel, true, "SES refused the owner's to-do for " + redacted(owner) + ": "
                    + redactAddresses(AwsErrors.describe(e)), e);
        } catch (SdkException e) {
            boolean notSent = SesMail.refusedConnection(e);
            throw new DeliveryException(channel, notSent, "SES could not be reached: " + redactAddresses(AwsErrors.describe(e))
                    + (notSent ? "" : "; the message may have been sent, so it is not sent again today"), e);
        }
    }
}
