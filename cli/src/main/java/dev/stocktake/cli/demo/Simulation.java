package dev.stocktake.cli.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.cli.demo.DemoOrganization.DemoUser;
import dev.stocktake.collector.CollectionResult;
import dev.stocktake.collector.Collector;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateVirtualMfaDeviceResponse;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * One member account through the demo: makes the emulator's IAM state follow the plan day by day (creating,
 * disabling and deleting through the IAM API, as the people migrating would), then runs the real collector as
 * the account with its clock set to that day. Users are created with the tags {@link DemoIdentities} gives them
 * ({@code email}, {@code owner}). One thread at a time per account.
 */
final class Simulation {

    /** The collector runs late on each report day, after that day's sign-ins and key use. */
    private static final int COLLECTION_HOUR = 22;

    private final DemoOrganization plan;
    private final DemoAccount account;
    private final MemberAccount member;
    private final IamClient iam;
    private final Collector collector;
    private final Collector deniedCollector;
    private final int deniedFrom;
    private final SimulatedClock clock;
    private final Instant accountCreated;
    private final DemoIdentities identities;
    private final Map<String, List<String>> accessKeyIds = new HashMap<>();
    private final Map<String, String> mfaSerials = new HashMap<>();
    private volatile int day = -1;
    private volatile Handover handover = new Handover();

    /**
     * @param deniedCollector the account's collector as it runs once it is denied {@code iam:GenerateCredentialReport}
     *                        (from report day {@code deniedFrom} on), or {@code null} when that never happens
     */
    Simulation(DemoOrganization plan, DemoAccount account, MemberAccount member, IamClient iam, Collector collector,
               Collector deniedCollector, int deniedFrom, SimulatedClock clock, Instant accountCreated,
               DemoIdentities identities) {
        this.plan = plan;
        this.account = account;
        this.member = member;
        this.iam = iam;
        this.collector = collector;
        this.deniedCollector = deniedCollector;
        this.deniedFrom = deniedCollector == null ? DemoOrganization.NEVER : deniedFrom;
        this.clock = clock;
        this.accountCreated = accountCreated;
        this.identities = identities;
    }

    /** Creates the users that exist before day 0, and generates the report once (moto answers STARTED the first time). */
    void seed() {
        for (DemoUser user : account.users()) {
            if (user.createdDay() < 0) {
                create(user);
            }
        }
        iam.generateCredentialReport();
    }

    /** The users handed to remediation: the simulation leaves them alone (see {@link Handover}). */
    void handover(Handover handover) {
        this.handover = handover;
    }

    /**
     * Someone re-activates access key {@code key} of {@code user} by hand, uses it and deactivates it again (through
     * the IAM API, before the day's collection): the quarantine looks in place, only the report shows the use.
     */
    void useKeyByHand(String user, int key, int today, Instant at) {
        String keyId = accessKeyIds.get(user).get(key);
        iam.updateAccessKey(r -> r.userName(user).accessKeyId(keyId).status(software.amazon.awssdk.services.iam.model.StatusType.ACTIVE));
        handover.keyUsed(member.id(), user, key, today, at);
        iam.updateAccessKey(r -> r.userName(user).accessKeyId(keyId).status(software.amazon.awssdk.services.iam.model.StatusType.INACTIVE));
    }

    /** The IDs of {@code user}'s access keys, in the order they were created (the report's key 1 and key 2). */
    List<String> accessKeyIds(String user) {
        return accessKeyIds.getOrDefault(user, List.of());
    }

    /** Applies the day's changes, then collects the account's report dated that day. */
    CollectionResult playDay(int today) {
        for (DemoUser user : account.users()) {
            if (user.createdDay() == today) {
                create(user);
            }
            if (handover.handedOver(member.id(), user.name())) {
                continue;
            }
            if (user.deleteDay() == today && user.createdDay() < today) {
                delete(user);
                continue;
            }
            if (user.consoleOffDay() == today && user.console() && user.existsOn(today)) {
                iam.deleteLoginProfile(r -> r.userName(user.name()));
            }
            if (user.keysOffDay() == today && user.existsOn(today)) {
                deleteKeys(user);
            }
        }
        day = today;
        clock.set(plan.at(today, COLLECTION_HOUR, account.index() % 60));
        return (today >= deniedFrom ? deniedCollector : collector).collect(member.id(), Deadline.after(clock, Duration.ofMinutes(2)));
    }

    DemoAccount account() {
        return account;
    }

    MemberAccount member() {
        return member;
    }

    Instant accountCreated() {
        return accountCreated;
    }

    /** The emulator's report for this account, as AWS would have written it on the current day. */
    String shape(String csv) {
        return ReportShaper.shape(csv, plan, account, member.id(), accountCreated, Math.max(day, 0), handover);
    }

    /** When the report was generated: shortly before collection on the current day. */
    Instant generatedTime() {
        return plan.at(Math.max(day, 0), COLLECTION_HOUR, account.index() % 60);
    }

    private void create(DemoUser user) {
        // the tags the migration views read: the person's email and the user's owner, where the plan gives them
        List<Tag> tags = identities.tags(account.index(), user.name()).entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
        iam.createUser(r -> r.userName(user.name()).path(user.path()).tags(tags));
        if (user.console()) {
            iam.createLoginProfile(r -> r.userName(user.name()).password("Demo-" + Integer.toHexString(user.name().hashCode()) + "!Aa1"));
        }
        if (user.mfa()) {
            CreateVirtualMfaDeviceResponse device = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName(user.name() + "-mfa"));
            String serial = device.virtualMFADevice().serialNumber();
            iam.enableMFADevice(r -> r.userName(user.name()).serialNumber(serial)
                    .authenticationCode1("123456").authenticationCode2("654321"));
            mfaSerials.put(user.name(), serial);
        }
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < user.keys().size(); k++) {
            keys.add(iam.createAccessKey(r -> r.userName(user.name())).accessKey().accessKeyId());
        }
        accessKeyIds.put(user.name(), keys);
    }

    private void deleteKeys(DemoUser user) {
        for (String keyId : accessKeyIds.getOrDefault(user.name(), List.of())) {
            iam.deleteAccessKey(r -> r.userName(user.name()).accessKeyId(keyId));
        }
        accessKeyIds.put(user.name(), List.of());
    }

    /** Deletes a user the way IAM requires: keys, MFA device and console password first. */
    private void delete(DemoUser user) {
        deleteKeys(user);
        String serial = mfaSerials.remove(user.name());
        if (serial != null) {
            iam.deactivateMFADevice(r -> r.userName(user.name()).serialNumber(serial));
            iam.deleteVirtualMFADevice(r -> r.serialNumber(serial));
        }
        if (user.console() && user.consoleOffDay() >= user.deleteDay()) {
            iam.deleteLoginProfile(r -> r.userName(user.name()));
        }
        iam.deleteUser(r -> r.userName(user.name()));
    }
}
