package dev.stocktake.cli.demo;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IAM users the demo's migration team handed to {@code stocktake remediate} ({@link DemoRemediation}): the
 * simulation no longer changes them (their planned password, key and user deletions are skipped: remediation decides
 * now), and the report shaper shows what happened to them since that the emulator cannot record (a key used by hand
 * after the quarantine, a console password re-created by an undo). Everything else about them (which keys are active,
 * whether a password exists, whether the user exists) is the emulator's IAM state, as for every user.
 */
final class Handover {

    /** A use of access key {@code key} (0 or 1) at {@code at}, on report day {@code day}. */
    private record KeyUse(int key, int day, Instant at) {
    }

    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Map<String, KeyUse> keyUses = new ConcurrentHashMap<>();
    private final Map<String, Instant> passwordsCreated = new ConcurrentHashMap<>();

    private static String id(String accountId, String user) {
        return accountId + "/" + user;
    }

    void handOver(String accountId, String user) {
        users.add(id(accountId, user));
    }

    boolean handedOver(String accountId, String user) {
        return users.contains(id(accountId, user));
    }

    int count() {
        return users.size();
    }

    void keyUsed(String accountId, String user, int key, int day, Instant at) {
        keyUses.put(id(accountId, user), new KeyUse(key, day, at));
    }

    /** The use of key {@code key} by hand on or before report {@code day}, or null. */
    Instant keyUse(String accountId, String user, int key, int day) {
        KeyUse use = keyUses.get(id(accountId, user));
        return use != null && use.key() == key && use.day() <= day ? use.at() : null;
    }

    void passwordCreated(String accountId, String user, Instant at) {
        passwordsCreated.put(id(accountId, user), at);
    }

    /** When an undo created the user's console password again, or null. */
    Instant passwordCreated(String accountId, String user) {
        return passwordsCreated.get(id(accountId, user));
    }
}
