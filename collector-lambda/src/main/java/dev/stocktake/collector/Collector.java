package dev.stocktake.collector;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.collector.account.AccountIds;
import dev.stocktake.collector.account.AccountName;
import dev.stocktake.collector.account.AccountNameResolver;
import dev.stocktake.collector.details.DetailsOutcome;
import dev.stocktake.collector.details.IamDetails;
import dev.stocktake.collector.details.IamDetailsJson;
import dev.stocktake.collector.details.IamDetailsReader;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.report.CredentialReport;
import dev.stocktake.report.ReportFormat.HeaderCheck;
import dev.stocktake.collector.report.CredentialReportFetcher;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.collector.storage.StoredReport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One account's collection, the code path shared by the Lambda and {@code stocktake collect}:
 * generate and fetch the credential report, check its header's layout, look up the account name, store the raw
 * bytes. Ends with one structured log line that is also CloudWatch EMF metrics. A report whose header is not today's
 * standard layout is still stored byte for byte, and said loudly: a {@code WARN} line that is also the EMF metric
 * {@value #UNKNOWN_LAYOUT_METRIC} (1), and the object's {@code report-layout} metadata.
 *
 * <p>After the report is stored, the account's IAM details (users with their tags, Identity Center roles with their
 * last use) are read and written beside it as JSON Lines, with the same protections. The report never depends on
 * them: a details failure of any kind is a {@code WARN} line that is also the EMF metric
 * {@value #DETAILS_NOT_WRITTEN_METRIC} (1), and a result that says {@code detailsWritten=false} with the reason; the
 * collection itself succeeds.
 */
public final class Collector {

    /** The metric of a report stored with a header layout other than today's. */
    public static final String UNKNOWN_LAYOUT_METRIC = "UnknownReportLayout";
    /** The metric of a collection whose report was stored but whose IAM details file was not. */
    public static final String DETAILS_NOT_WRITTEN_METRIC = "DetailsNotWritten";

    private final CredentialReportFetcher reports;
    private final AccountNameResolver names;
    private final ReportStore store;
    private final StsClient sts;
    private final JsonLog log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Backoff backoff;
    private final IamDetailsReader details;
    private final String detailsPrefix;

    /** Without IAM details files. */
    public Collector(CredentialReportFetcher reports, AccountNameResolver names, ReportStore store, StsClient sts,
                     JsonLog log, Clock clock, Sleeper sleeper, RandomGenerator random, Backoff backoff) {
        this(reports, names, store, sts, log, clock, sleeper, random, backoff, null, null);
    }

    /**
     * @param details reads the IAM details after the report is stored, or {@code null} to write none
     * @param detailsPrefix the IAM details files' key prefix ({@code DETAILS_PREFIX}), or {@code null} to write none
     */
    public Collector(CredentialReportFetcher reports, AccountNameResolver names, ReportStore store, StsClient sts,
                     JsonLog log, Clock clock, Sleeper sleeper, RandomGenerator random, Backoff backoff,
                     IamDetailsReader details, String detailsPrefix) {
        this.details = detailsPrefix == null ? null : details;
        this.detailsPrefix = details == null ? null : detailsPrefix;
        this.reports = reports;
        this.names = names;
        this.store = store;
        this.sts = sts;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.backoff = backoff;
    }

    /**
     * Collects the report of {@code accountId} (the account these credentials act as).
     *
     * @param accountId the account's ID when the caller knows it (the Lambda's context does), or
     *     {@code null} to ask STS
     * @throws CollectionException when no report could be stored; nothing was written then
     */
    public CollectionResult collect(String accountId, Deadline deadline) {
        Instant start = clock.instant();
        Retrier retrier = new Retrier(backoff, sleeper, random);
        String account = accountId;
        String step = Step.ACCOUNT_ID.name();
        try {
            if (account == null) {
                account = ownAccountId(deadline, retrier);
            }
            step = Step.GET_REPORT.name();
            CredentialReport report = reports.fetch(account, deadline, retrier);
            Instant reportDone = clock.instant();
            HeaderCheck header = report.header();
            if (!header.isStandard()) {
                // Column names only, never cells: the report is stored as it is and the views decide what they can read.
                log.event(reportDone, "WARN", "credential report has an unknown column layout; storing it unchanged",
                        ordered("accountId", account, "reportLayout", header.layout().label(),
                                "layoutDifference", header.difference()),
                        Map.of(UNKNOWN_LAYOUT_METRIC, 1));
            }

            step = Step.ACCOUNT_NAME.name();
            AccountName name = names.resolve(account, deadline, retrier);
            Instant nameDone = clock.instant();
            if (name.isFallback()) {
                log.warn(nameDone, "account name lookup failed; filing the report under the account ID",
                        ordered("accountId", account, "reason", name.fallbackReason()));
            }

            step = Step.WRITE_REPORT.name();
            StoredReport stored = store.store(account, name, report, header, start, deadline, retrier);
            Instant end = clock.instant();

            // The report is in place: nothing below may fail the collection.
            DetailsOutcome detailsOutcome = writeDetails(account, name, start, deadline, retrier);
            Instant detailsDone = clock.instant();

            var timings = new CollectionResult.Timings(millis(start, reportDone), millis(reportDone, nameDone),
                    millis(nameDone, end), millis(start, end), millis(end, detailsDone));
            var result = new CollectionResult(account, name, stored, report.size(), report.rows(), header, report.generatedTime(),
                    start, retrier.retries(), timings, detailsOutcome);
            logSuccess(result);
            return result;
        } catch (CollectionException e) {
            logFailure(clock.instant(), account, e.step().name(), e.reason().name(), e.getMessage(), retrier, start);
            throw e;
        } catch (RuntimeException e) {
            logFailure(clock.instant(), account, step, "UNEXPECTED", e.toString(), retrier, start);
            throw e;
        }
    }

    /**
     * Reads and writes the IAM details file of the collection that started at {@code collectedAt} (its key's day is the
     * report's). Never throws: the report is already stored.
     */
    private DetailsOutcome writeDetails(String account, AccountName name, Instant collectedAt, Deadline deadline,
                                        Retrier retrier) {
        if (details == null) {
            return new DetailsOutcome.Disabled();
        }
        Step step = Step.READ_DETAILS;
        try {
            IamDetails read = details.read(account, deadline, retrier);
            step = Step.WRITE_DETAILS;
            byte[] body = IamDetailsJson.write(account, collectedAt, read);
            StoredReport stored = store.storeDetails(detailsPrefix, account, name, body, collectedAt, deadline, retrier);
            return new DetailsOutcome.Written(stored, read.users().size(), read.ssoRoles().size());
        } catch (CollectionException e) {
            return detailsNotWritten(account, e.step(), e.reason().name(), e.getMessage());
        } catch (RuntimeException e) {
            // A bug, not an AWS answer: its message cannot hold IAM data (no code path builds one from it), its class names it.
            return detailsNotWritten(account, step, "UNEXPECTED", "Account " + account + ", step " + step + ": "
                    + e.getClass().getName() + ". The credential report was stored; the IAM details file was not written.");
        }
    }

    private DetailsOutcome detailsNotWritten(String account, Step step, String reason, String message) {
        log.event(clock.instant(), "WARN", "IAM details file NOT written; the credential report was stored",
                ordered("accountId", account, "step", step.name(), "reason", reason, "error", message),
                Map.of(DETAILS_NOT_WRITTEN_METRIC, 1));
        return new DetailsOutcome.NotWritten(step, message);
    }

    private String ownAccountId(Deadline deadline, Retrier retrier) {
        try {
            String id = retrier.call(CollectionException.giveUp(null, Step.ACCOUNT_ID), deadline, AwsErrors::isTransient,
                    () -> sts.getCallerIdentity().account());
            if (!AccountIds.isAccountId(id)) {
                throw new CollectionException(null, Step.ACCOUNT_ID, Reason.AWS_ERROR,
                        "sts:GetCallerIdentity returned '" + id + "', not a 12-digit account ID", null);
            }
            return id;
        } catch (SdkException e) {
            throw new CollectionException(null, Step.ACCOUNT_ID, Reason.AWS_ERROR,
                    "cannot tell which account these credentials belong to (sts:GetCallerIdentity failed: "
                            + AwsErrors.describe(e) + "). Check that AWS credentials are configured.", e);
        }
    }

    private void logSuccess(CollectionResult result) {
        Map<String, Object> fields = ordered(
                "accountId", result.accountId(),
                "accountName", result.accountName().name(),
                "accountNameSource", result.accountName().source().label(),
                "bucket", result.stored().bucket(),
                "key", result.stored().key(),
                "outcome", result.stored().outcome().name(),
                "bytes", result.bytes(),
                "rows", result.rows(),
                "reportLayout", result.header().layout().label(),
                "generatedTime", result.generatedTime(),
                "retries", result.retries(),
                "detailsWritten", result.detailsWritten(),
                "detailsKey", result.details() instanceof DetailsOutcome.Written written ? written.stored().key() : null,
                "durationsMs", ordered(
                        "report", result.timings().reportMs(),
                        "accountName", result.timings().accountNameMs(),
                        "write", result.timings().writeMs(),
                        "total", result.timings().totalMs(),
                        "details", result.timings().detailsMs()));
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("ReportsStored", 1);
        metrics.put("CollectionFailures", 0);
        metrics.put("ReportBytes", result.bytes());
        metrics.put("ReportRows", result.rows());
        metrics.put("Retries", result.retries());
        metrics.put("AccountNameFallback", result.accountName().isFallback() ? 1 : 0);
        metrics.put("DurationMs", result.timings().totalMs());
        log.event(clock.instant(), "INFO", "credential report stored", fields, metrics);
    }

    private void logFailure(Instant now, String accountId, String step, String reason, String error, Retrier retrier, Instant start) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("ReportsStored", 0);
        metrics.put("CollectionFailures", 1);
        metrics.put("Retries", retrier.retries());
        metrics.put("DurationMs", millis(start, now));
        log.event(now, "ERROR", "credential report NOT stored",
                ordered("accountId", accountId, "step", step, "reason", reason, "error", error), metrics);
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
