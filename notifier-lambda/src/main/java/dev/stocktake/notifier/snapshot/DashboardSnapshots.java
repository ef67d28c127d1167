package dev.stocktake.notifier.snapshot;

import dev.stocktake.support.aws.AwsErrors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.random.RandomGenerator;

import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.DescribeDashboardSnapshotJobResultResponse;
import software.amazon.awssdk.services.quicksight.model.SnapshotFileFormatType;
import software.amazon.awssdk.services.quicksight.model.SnapshotFileSheetSelectionScope;
import software.amazon.awssdk.services.quicksight.model.SnapshotJobStatus;

/**
 * The QuickSight dashboard as a PDF, from {@code StartDashboardSnapshotJob}: start a job for one sheet (the
 * configured one, else the dashboard's first), poll it with a growing wait, read the result's presigned URL and
 * download the file. Anything that goes wrong (snapshot jobs not available in the edition, the region or the
 * emulator; no permission; a failed job; not enough time) gives {@link Outcome.Unavailable} with the reason: the
 * digest is sent without the PDF.
 */
public final class DashboardSnapshots {

    /** Between polls of the job: 2 s, 4 s … up to 10 s. */
    public static final Backoff POLL = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final QuickSightClient quicksight;
    private final String dashboardId;
    private final String sheetId;
    private final HttpClient http;
    private final Backoff poll;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * @param sheetId the sheet to print, or {@code null} for the dashboard's first sheet
     */
    public DashboardSnapshots(QuickSightClient quicksight, String dashboardId, String sheetId, HttpClient http, Backoff poll,
                              Sleeper sleeper, RandomGenerator random) {
        this.quicksight = quicksight;
        this.dashboardId = dashboardId;
        this.sheetId = sheetId;
        this.http = http;
        this.poll = poll;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** What {@link #pdf} produced. */
    public sealed interface Outcome {

        record Attached(String fileName, byte[] pdf) implements Outcome {
        }

        record Unavailable(String reason) implements Outcome {
        }
    }

    /**
     * @param accountId the AWS account that owns the dashboard (the notifier's own)
     * @param jobId     unique per call, e.g. {@code stocktake-2026-03-05-1741154400000}
     */
    public Outcome pdf(String accountId, LocalDate day, String jobId, Deadline deadline) {
        try {
            String sheet = sheetId != null ? sheetId : firstSheet(accountId);
            if (sheet == null) {
                return new Outcome.Unavailable("dashboard " + dashboardId + " has no sheet to print");
            }
            quicksight.startDashboardSnapshotJob(request -> request
                    .awsAccountId(accountId)
                    .dashboardId(dashboardId)
                    .snapshotJobId(jobId)
                    .userConfiguration(user -> user.anonymousUsers(anonymous -> { }))
                    .snapshotConfiguration(snapshot -> snapshot.fileGroups(group -> group.files(file -> file
                            .formatType(SnapshotFileFormatType.PDF)
                            .sheetSelections(selection -> selection.sheetId(sheet)
                                    .selectionScope(SnapshotFileSheetSelectionScope.ALL_VISUALS))))));
            for (int attempt = 0; ; attempt++) {
                var job = quicksight.describeDashboardSnapshotJob(request -> request.awsAccountId(accountId)
                        .dashboardId(dashboardId).snapshotJobId(jobId));
                SnapshotJobStatus status = job.jobStatus();
                if (status == SnapshotJobStatus.COMPLETED) {
                    break;
                }
                if (status == SnapshotJobStatus.FAILED) {
                    var result = result(accountId, jobId);
                    return new Outcome.Unavailable("snapshot job " + jobId + " FAILED"
                            + (result.errorInfo() == null ? "" : ": " + result.errorInfo().errorType() + " "
                            + result.errorInfo().errorMessage()));
                }
                Duration wait = poll.delay(attempt, random);
                if (!deadline.allows(wait)) {
                    return new Outcome.Unavailable("snapshot job " + jobId + " still " + job.jobStatusAsString()
                            + " when the time set aside for it ran out");
                }
                sleeper.sleep(wait);
            }
            String url = result(accountId, jobId).result().anonymousUsers().getFirst().fileGroups().getFirst()
                    .s3Results().getFirst().s3Uri();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(Math.max(1, Math.min(30, deadline.remaining().toSeconds())))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new Outcome.Unavailable("downloading the snapshot of job " + jobId + " answered HTTP " + response.statusCode());
            }
            return new Outcome.Attached("dashboard-" + day + ".pdf", response.body());
        } catch (SdkException e) {
            return new Outcome.Unavailable("QuickSight snapshot of dashboard " + dashboardId + " not available: "
                    + AwsErrors.describe(e));
        } catch (RuntimeException e) {
            return new Outcome.Unavailable("QuickSight snapshot of dashboard " + dashboardId + " not available: " + e);
        } catch (IOException e) {
            return new Outcome.Unavailable("downloading the snapshot of job " + jobId + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unavailable("interrupted while waiting for snapshot job " + jobId);
        }
    }

    private String firstSheet(String accountId) {
        var sheets = quicksight.describeDashboard(request -> request.awsAccountId(accountId).dashboardId(dashboardId))
                .dashboard().version().sheets();
        return sheets.isEmpty() ? null : sheets.getFirst().sheetId();
    }

    private DescribeDashboardSnapshotJobResultResponse result(String accountId, String jobId) {
        return quicksight.describeDashboardSnapshotJobResult(request -> request.awsAccountId(accountId)
                .dashboardId(dashboardId).snapshotJobId(jobId));
    }
}
