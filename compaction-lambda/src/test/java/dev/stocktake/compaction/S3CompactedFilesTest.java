package dev.stocktake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.sql.compaction.CompactionException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The Parquet copy's files on S3 (the emulator): which keys a day range covers, and deleting them in batches. */
class S3CompactedFilesTest extends S3BucketTest {

    static final String BUCKET = "stocktake-compaction-files";
    static final String PREFIX = "compacted-reports/";
    /** As the fault proxy names S3 calls: DeleteObjects is a POST on the bucket, ListObjectsV2 a GET on it. */
    static final String DELETE_OBJECTS = "s3:POSTObject";
    static final String LIST_OBJECTS = "s3:ListObjects";

    S3CompactedFiles files;

    @Override
    String bucket() {
        return BUCKET;
    }

    @BeforeEach
    void setUp() {
        s3.putBucketVersioning(request -> request.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        files = new S3CompactedFiles(viaProxy, BUCKET, PREFIX);
    }

    @AfterEach
    void tearDown() {
        proxy.transformResponses(DELETE_OBJECTS, (accessKey, body) -> body); // clearFaults keeps transformers
    }

    void put(String... keys) {
        for (String key : keys) {
            s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString("parquet", StandardCharsets.UTF_8));
        }
    }

    List<String> keys() {
        return s3.listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void deletes_the_days_in_range_escaped_or_not_and_leaves_every_other_key() {
        put(PREFIX + "dt=2026%2F10%2F01/20261105_000001_a.parquet",
                PREFIX + "dt=2026%2F10%2F01/20261105_000001_b.parquet",
                PREFIX + "dt=2026%2F10%2F31/20261105_000001_c.parquet",
                PREFIX + "dt=2026/10/15/unescaped.parquet",
                PREFIX + "dt=2026%2f10%2f20/lower-case-escape.parquet",
                // other days
                PREFIX + "dt=2026%2F09%2F30/20261005_000001_d.parquet",
                PREFIX + "dt=2026%2F11%2F01/20261205_000001_e.parquet",
                PREFIX + "dt=2026/11/01/unescaped.parquet",
                // not partition files of the copy
                PREFIX + "dt=2026%2F10/not-a-day.parquet",
                PREFIX + "README.txt",
                "credential-reports/2026/10/01/prod.csv",
                "compacted-reports-old/dt=2026%2F10%2F01/x.parquet");

        int deleted = files.deleteDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));

        assertThat(deleted).isEqualTo(5);
        assertThat(keys()).containsExactlyInAnyOrder(
                PREFIX + "dt=2026%2F09%2F30/20261005_000001_d.parquet",
                PREFIX + "dt=2026%2F11%2F01/20261205_000001_e.parquet",
                PREFIX + "dt=2026/11/01/unescaped.parquet",
                PREFIX + "dt=2026%2F10/not-a-day.parquet",
                PREFIX + "README.txt",
                "credential-reports/2026/10/01/prod.csv",
                "compacted-reports-old/dt=2026%2F10%2F01/x.parquet");
    }

    @Test
    void a_range_across_the_new_year_lists_both_years() {
        put(PREFIX + "dt=2026%2F12%2F31/a.parquet", PREFIX + "dt=2027%2F01%2F01/b.parquet", PREFIX + "dt=2027%2F01%2F02/c.parquet");

        assertThat(files.deleteDays(LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1))).isEqualTo(2);
        assertThat(keys()).containsExactly(PREFIX + "dt=2027%2F01%2F02/c.parquet");
    }

    @Test
    void more_than_a_thousand_files_go_in_batches_of_a_thousand() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            many.add(PREFIX + "dt=2026%2F10%2F" + String.format("%02d", 1 + i % 31) + "/part-" + i + ".parquet");
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> puts = new ArrayList<>();
            for (List<String> slice : List.of(many.subList(0, 400), many.subList(400, 800), many.subList(800, 1203))) {
                puts.add(pool.submit(() -> put(slice.toArray(String[]::new))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        }
        put(PREFIX + "dt=2026%2F11%2F01/stays.parquet");

        assertThat(files.deleteDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))).isEqualTo(1203);

        assertThat(proxy.calls(DELETE_OBJECTS)).isEqualTo(2);
        assertThat(keys()).containsExactly(PREFIX + "dt=2026%2F11%2F01/stays.parquet");
    }

    @Test
    void nothing_to_delete_makes_no_delete_call() {
        put(PREFIX + "dt=2026%2F11%2F01/stays.parquet");

        assertThat(files.deleteDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))).isZero();

        assertThat(proxy.calls(DELETE_OBJECTS)).isZero();
        assertThat(keys()).containsExactly(PREFIX + "dt=2026%2F11%2F01/stays.parquet");
    }

    @Test
    void keys_s3_did_not_delete_are_named_in_the_failure() {
        put(PREFIX + "dt=2026%2F10%2F01/a.parquet", PREFIX + "dt=2026%2F10%2F02/b.parquet");
        proxy.transformResponses(DELETE_OBJECTS, (accessKey, body) -> ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Error><Key>" + PREFIX
                + "dt=2026%2F10%2F02/b.parquet</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                + "</DeleteResult>").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> files.deleteDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)))
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("1 of the 2 Parquet file(s) of 2026-10-01 to 2026-10-31 in s3://" + BUCKET + "/"
                        + PREFIX + " were not deleted (AccessDenied: Access Denied): " + PREFIX + "dt=2026%2F10%2F02/b.parquet.")
                .hasMessageContaining("The CSVs are untouched")
                .hasMessageContaining("s3:DeleteObject on " + PREFIX + "*");
    }

    @Test
    void a_failed_delete_call_names_its_keys() {
        put(PREFIX + "dt=2026%2F10%2F01/a.parquet");
        proxy.failAlways(DELETE_OBJECTS, Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> files.deleteDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)))
                .isInstanceOf(CompactionException.class)
                .hasMessageContaining("1 of the 1 Parquet file(s)")
                .hasMessageContaining("AccessDenied (HTTP 403)")
                .hasMessageContaining(PREFIX + "dt=2026%2F10%2F01/a.parquet");
        assertThat(keys()).containsExactly(PREFIX + "dt=2026%2F10%2F01/a.parquet");
    }

    @Test
    void a_failed_listing_deletes_nothing_and_says_so() {
        put(PREFIX + "dt=2026%2F10%2F01/a.parquet");
        proxy.failAlways(LIST_OBJECTS, Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> files.deleteDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)))
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("cannot list the Parquet files s3://" + BUCKET + "/" + PREFIX + "dt=2026*: AccessDenied")
                .hasMessageContaining("Nothing was deleted or copied");
        assertThat(keys()).hasSize(1);
    }

    @Test
    void the_day_of_a_key() {
        assertThat(S3CompactedFiles.day(PREFIX, PREFIX + "dt=2026%2F10%2F01/x")).contains(LocalDate.of(2026, 10, 1));
        assertThat(S3CompactedFiles.day(PREFIX, PREFIX + "dt=2026/10/01/x")).contains(LocalDate.of(2026, 10, 1));
        assertThat(S3CompactedFiles.day(PREFIX, PREFIX + "dt=2026%2F02%2F30/x")).isEqualTo(Optional.empty());
        assertThat(S3CompactedFiles.day(PREFIX, PREFIX + "dt=2026%2F10%2F01")).isEmpty();
        assertThat(S3CompactedFiles.day(PREFIX, PREFIX + "dt=2026%ZZ10/x")).isEmpty();
        assertThat(S3CompactedFiles.day(PREFIX, PREFIX + "dt=2026-10-01/x")).isEmpty();
        assertThat(S3CompactedFiles.day(PREFIX, "other/dt=2026%2F10%2F01/x")).isEmpty();
    }
}
