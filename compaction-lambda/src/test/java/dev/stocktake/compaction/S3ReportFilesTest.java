package dev.stocktake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.sql.compaction.CompactionException;
import software.amazon.awssdk.core.sync.RequestBody;

/** When a range of report days was last written, from the emulator's S3 listing (the reports are never read). */
class S3ReportFilesTest extends S3BucketTest {

    static final String BUCKET = "stocktake-compaction-reports";
    static final String PREFIX = "credential-reports/";

    S3ReportFiles reports;

    @Override
    String bucket() {
        return BUCKET;
    }

    @BeforeEach
    void setUp() {
        reports = new S3ReportFiles(viaProxy, BUCKET, PREFIX);
    }

    @Test
    void the_latest_write_of_the_days_in_range_counts_and_nothing_else() throws InterruptedException {
        put(PREFIX + "2026/02/03/prod.csv");
        Thread.sleep(1100); // S3 times have whole seconds
        Instant between = Instant.now();
        Thread.sleep(1100);
        put(PREFIX + "2026/02/10/team%20a%2Fb@222222222222.csv");
        Instant afterFebruary = Instant.now();
        Thread.sleep(1100);
        put(PREFIX + "2026/03/01/prod.csv");                 // another month
        put("accounts/2026/02/12/accounts.csv");             // another prefix
        put(PREFIX + "2026/02/notes.txt");                   // not a day folder

        Optional<Instant> february = reports.lastModified(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28));
        assertThat(february).isPresent();
        assertThat(february.get()).isAfter(between).isBefore(afterFebruary.plusSeconds(1));
        assertThat(reports.lastModified(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 9)).get()).isBefore(between);
        assertThat(reports.lastModified(LocalDate.of(2026, 2, 11), LocalDate.of(2026, 2, 28))).isEmpty();
        assertThat(reports.lastModified(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31))).isEmpty();
    }

    @Test
    void a_range_across_months_is_refused() {
        assertThatThrownBy(() -> reports.lastModified(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the days must lie within one month, got 2026-01-31 to 2026-02-01");
    }

    @Test
    void a_refused_listing_fails_saying_nothing_was_changed() {
        proxy.failAlways("s3:ListObjects", Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> reports.lastModified(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28)))
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("cannot list the reports under s3://" + BUCKET + "/" + PREFIX + "2026/02/: "
                        + "AccessDenied (HTTP 403): Access Denied.")
                .hasMessageContaining("Nothing was compacted and report_rows was left as it is")
                .hasMessageContaining("s3:ListBucket for the reports' prefix");
    }

    private static void put(String key) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString("user,arn\n"));
    }
}
