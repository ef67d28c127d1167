package dev.stocktake.cli.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.identitycenter.IdentityCenterConfig;
import dev.stocktake.identitycenter.IdentityCenterExporter;
import dev.stocktake.identitycenter.IdentityCenterFactory;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.regions.Region;

/**
 * Identity Center through the days: before a day is collected, the people the plan gives access that day get it
 * ({@link DemoIdentityCenter#grant}); then, from {@link DemoIdentities#exportFrom()} on, the real Identity Center
 * exporter ({@link IdentityCenterFactory} + {@link IdentityCenterExporter#export}, as the management account's Lambda
 * runs it, its clock set to that day) writes {@code identity-center/YYYY/MM/DD/identity-center.json} into the bucket,
 * beside that day's collections. The days before have no export, as in a deployment that adds Identity Center later.
 */
final class IdentityCenterDays {

    /** The export runs early on the report day, after the directory's and before the collectors'. */
    private static final int EXPORT_HOUR = 5;

    private final DemoOrganization plan;
    private final DemoIdentities identities;
    private final DemoIdentityCenter center;
    private final DemoBucket bucket;
    private final IdentityCenterExporter exporter;
    private final SimulatedClock clock = new SimulatedClock();
    private final AtomicInteger exports = new AtomicInteger();

    /** @param proxy the demo's proxy: the exporter calls through it (it answers where moto cannot) */
    IdentityCenterDays(DemoOrganization plan, DemoIdentities identities, DemoIdentityCenter center, DemoBucket bucket, URI proxy) {
        this.plan = plan;
        this.identities = identities;
        this.center = center;
        this.bucket = bucket;
        IdentityCenterConfig config = IdentityCenterConfig.of(bucket.name(), proxy).withTimeZone(ZoneOffset.UTC)
                .withInstanceArn(center.instanceArn());
        JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()));
        this.exporter = IdentityCenterFactory.create(config, Emulator.defaultCredentials(), Region.of(Emulator.REGION), quiet,
                clock, Sleeper.REAL, RandomGenerator.getDefault());
    }

    /** Gives people the access they get on report day {@code day} (day 0's was given at seeding). */
    void grant(int day) {
        if (day > 0) {
            center.grant(day);
        }
    }

    /** The first report day with an export ({@link DemoOrganization#NEVER} without one). */
    int firstExportDay() {
        return identities.exportFrom();
    }

    boolean exports(int day) {
        return day >= identities.exportFrom();
    }

    /** Exports Identity Center as of report day {@code day} and copies the export into the reports folder. */
    void export(int day) {
        LocalDate date = plan.firstDay().plusDays(day);
        clock.set(plan.at(day, EXPORT_HOUR, 0));
        IdentityCenterExporter.ExportResult result = exporter.export(date, clock.instant(), Deadline.after(clock, Duration.ofMinutes(2)));
        bucket.mirror(result.key());
        exports.incrementAndGet();
    }

    int exported() {
        return exports.get();
    }
}
