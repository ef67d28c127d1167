package dev.stocktake.cli.doctor;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A scheduled Stocktake job's last run (the notifier, the compaction job, the coverage check, the account directory):
 * it is deployed ({@code lambda:GetFunction}), ran within the last two days and its last run had no errors (the
 * {@code AWS/Lambda} metrics {@code Invocations} and {@code Errors} per hour, {@code cloudwatch:GetMetricData}); a
 * failed run is explained from its log ({@code logs:FilterLogEvents}) when the operator can read it.
 *
 * @param check    the check's name in the output
 * @param role     the account it runs in
 * @param function its Lambda's name
 * @param stack    the stack that deploys it
 * @param docs     where its failures are explained
 */
record JobCheck(String check, AwsAccess.Role role, String function, String stack, String docs) {

    static final Duration WINDOW = Duration.ofHours(48);
    private static final Duration PERIOD = Duration.ofHours(1);
    private static final DateTimeFormatter LAMBDA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    CheckResult run(AwsAccess access, Instant now) {
        AwsAccess.Account account = access.account(role);
        LambdaClient lambda = access.lambda(account);
        String lastModified;
        try {
            lastModified = Calls.call(account, "lambda:GetFunction",
                    () -> lambda.getFunction(r -> r.functionName(function)).configuration().lastModified());
        } catch (AwsServiceException e) {
            if (Calls.is(e, "ResourceNotFoundException")) {
                return CheckResult.problem(check, function + " is not deployed in " + account.describe() + ", "
                        + account.region(), "deploy it: cd infra-cdk && npx cdk deploy --exclusively " + stack, List.of());
            }
            throw e;
        }
        CloudWatchClient cloudWatch = access.cloudWatch(account);
        Instant start = now.minus(WINDOW);
        GetMetricDataResponse data = Calls.call(account, "cloudwatch:GetMetricData", () -> cloudWatch.getMetricData(r -> r
                .startTime(start).endTime(now).scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(query("invocations", "Invocations"), query("errors", "Errors"))));
        Instant lastRun = latestAbove(data, "invocations", 0);
        Instant lastError = latestAbove(data, "errors", 0);
        long runs = total(data, "invocations");
        String schedule = "its schedule " + DeployedNames.schedule(function) + " (aws scheduler get-schedule --name "
                + DeployedNames.schedule(function) + ") and dead-letter queue " + DeployedNames.deadLetterQueue(function);
        if (lastRun == null) {
            Instant deployed = parse(lastModified);
            if (deployed != null && deployed.isAfter(now.minus(Duration.ofHours(25)))) {
                return CheckResult.ok(check, function + " deployed " + deployed + ", not run yet (" + schedule + ")");
            }
            return CheckResult.problem(check, function + " has not run in the last " + WINDOW.toHours() + " hours ("
                            + account.describe() + ")",
                    "check " + schedule + "; run it now: aws lambda invoke --function-name " + function + " out.json",
                    List.of());
        }
        if (lastError != null && !lastError.isBefore(lastRun)) {
            String why = "";
            try {
                LogErrors.Outcome outcome = LogErrors.read(account, access.logs(account), DeployedNames.logGroup(function),
                        lastError, lastError.plus(PERIOD).plus(Duration.ofMinutes(15)));
                why = LogErrors.text(outcome).map(text -> ": " + text).orElse("");
            } catch (CheckUnavailable | AwsServiceException e) {
                why = " (its log could not be read: " + e.getMessage() + ")";
            }
            return CheckResult.problem(check, function + "'s last run (hour from " + lastRun + ") failed" + why,
                    "read its log: aws logs tail " + DeployedNames.logGroup(function) + " --since 2d (" + account.describe()
                            + "); " + docs, List.of());
        }
        return CheckResult.ok(check, function + " last ran in the hour from " + lastRun + ", " + runs + " run"
                + (runs == 1 ? "" : "s") + " in " + WINDOW.toHours() + " h"
                + (lastError == null ? ", no errors" : ", the last run without errors (an earlier one failed at " + lastError + ")"));
    }

    private MetricDataQuery query(String id, String metric) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(stat -> stat
                .period((int) PERIOD.toSeconds()).stat("Sum")
                .metric(m -> m.namespace("AWS/Lambda").metricName(metric)
                        .dimensions(d -> d.name("FunctionName").value(function)))).build();
    }

    private static Instant latestAbove(GetMetricDataResponse data, String id, double threshold) {
        Instant latest = null;
        for (MetricDataResult result : data.metricDataResults()) {
            if (!result.id().equals(id)) {
                continue;
            }
            for (int i = 0; i < result.timestamps().size(); i++) {
                Instant time = result.timestamps().get(i);
                if (result.values().get(i) > threshold && (latest == null || time.isAfter(latest))) {
                    latest = time;
                }
            }
        }
        return latest;
    }

    private static long total(GetMetricDataResponse data, String id) {
        return Math.round(data.metricDataResults().stream().filter(result -> result.id().equals(id))
                .flatMap(result -> result.values().stream()).mapToDouble(Double::doubleValue).sum());
    }

    private static Instant parse(String lastModified) {
        if (lastModified == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(lastModified, LAMBDA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(lastModified).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
