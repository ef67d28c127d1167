package dev.stocktake.cli;

import static dev.stocktake.cli.importer.HistoryFixtures.awsReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.report.ReportKeys;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ImportCommandTest {

    private static final String PROD = "111122223333";
    private static final String STG = "444455556666";
    private static final String SANDBOX = "777788889999";
    private static final LocalDate DAY_1 = LocalDate.of(2025, 11, 29);
    private static final LocalDate DAY_2 = LocalDate.of(2025, 11, 30);
    /** User names in the fixtures: never printed by the import. */
    private static final List<String> USER_NAMES = List.of("Administrator", "Bill", "ci+deploy");

    private final CliRunner cli = new CliRunner();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return cli.run(env, args);
    }

    /** A history in the seed's layout: two days of three accounts, raw names with a space, '#', '%' and non-ASCII. */
    private static Map<String, byte[]> legacyHistory() {
        Map<String, byte[]> files = new HashMap<>();
        for (LocalDate day : List.of(DAY_1, DAY_2)) {
            String folder = ReportKeys.datePath(day);
            files.put(folder + "payments-prd.csv", awsReport(PROD));
            files.put(folder + "data platform #2.csv", awsReport(STG));
            files.put(folder + "50%off 経理.csv", awsReport(SANDBOX));
        }
        return files;
    }

    private static Map<String, String> expectedTargets() {
        Map<String, String> targets = new HashMap<>();
        for (LocalDate day : List.of(DAY_1, DAY_2)) {
            String folder = ReportKeys.datePath(day);
            targets.put(folder + "payments-prd.csv", ReportKeys.reportKey("", day, "payments-prd", PROD));
            targets.put(folder + "data platform #2.csv", ReportKeys.reportKey("", day, "data platform #2", STG));
            targets.put(folder + "50%off 経理.csv", ReportKeys.reportKey("", day, "50%off 経理", SANDBOX));
        }
        return targets;
    }

    private static void write(Path root, Map<String, byte[]> files) throws IOException {
        for (var file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
    }

    private static Map<String, byte[]> read(Path root) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private void assertNoReportContentPrinted() {
        for (String user : USER_NAMES) {
            assertThat(out.toString()).doesNotContain(user);
            assertThat(err.toString()).doesNotContain(user);
        }
    }

    @Nested
    class Folder_to_folder {

        @Test
        void converts_every_report_to_the_new_key_with_the_same_bytes(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            Path to = dir.resolve("stocktake");
            write(from, legacyHistory());

            int exit = run(Map.of(), "import", "--from", from.toString(), "--to", to.toString());

            assertThat(exit).as(err.toString()).isZero();
            Map<String, byte[]> written = read(to);
            assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(expectedTargets().values())
                    .contains("2025/11/30/50%25off%20%E7%B5%8C%E7%90%86@777788889999.csv",
                            "2025/11/30/data%20platform%20%232@444455556666.csv");
            expectedTargets().forEach((source, target) ->
                    assertThat(written.get(target)).as(target).isEqualTo(legacyHistory().get(source)));
            assertThat(out.toString()).contains("Imported " + from + " into " + to + ": 6 files")
                    .containsPattern("  converted +6\\n")
                    .containsPattern("  already imported +0\\n")
                    .containsPattern("  skipped +0\\n");
            assertThat(err.toString()).isEmpty();
            assertNoReportContentPrinted();
        }

        @Test
        void the_views_reject_the_legacy_history_and_count_every_imported_report(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            Path to = dir.resolve("stocktake");
            write(from, legacyHistory());
            String query = "select dt, account_id, account_name, count(*) from iam_users group by 1, 2, 3 order by 1, 2";

            assertThat(run(Map.of(), "sql", "--data", from.toString(), "--format", "csv", "-e", query)).as(err.toString()).isZero();
            assertThat(out.toString()).isEqualTo("dt,account_id,account_name,_col3\r\n");
            assertThat(err.toString()).startsWith("stocktake sql: warning: 6 report files are kept out of every number");

            assertThat(run(Map.of(), "import", "--from", from.toString(), "--to", to.toString())).as(err.toString()).isZero();
            assertThat(run(Map.of(), "sql", "--data", to.toString(), "--format", "csv", "-e", query)).as(err.toString()).isZero();

            assertThat(err.toString()).isEmpty();
            assertThat(out.toString()).isEqualTo(String.join("\r\n", "dt,account_id,account_name,_col3",
                    "2025-11-29,111122223333,payments-prd,4", "2025-11-29,444455556666,data platform #2,4",
                    "2025-11-29,777788889999,50%off 経理,4",
                    "2025-11-30,111122223333,payments-prd,4", "2025-11-30,444455556666,data platform #2,4",
                    "2025-11-30,777788889999,50%off 経理,4", ""));
        }

        @Test
        void a_second_run_writes_nothing_and_finds_everything_already_imported(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            Path to = dir.resolve("stocktake");
            write(from, legacyHistory());
            assertThat(run(Map.of(), "import", "--from", from.toString(), "--to", to.toString())).isZero();
            Map<String, byte[]> first = read(to);

            int exit = run(Map.of(), "import", "--from", from.toString(), "--to", to.toString(), "--verbose");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(read(to)).containsOnlyKeys(first.keySet());
            assertThat(out.toString()).containsPattern("  converted +0\\n").containsPattern("  already imported +6\\n")
                    .contains("already imported: 2025/11/30/payments-prd.csv -> 2025/11/30/payments-prd@111122223333.csv");
        }

        @Test
        void a_dry_run_writes_nothing_and_says_what_it_would_do(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            Path to = dir.resolve("stocktake");
            write(from, legacyHistory());

            int exit = run(Map.of(), "import", "--from", from.toString(), "--to", to.toString(), "--dry-run", "--verbose");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(to).doesNotExist();
            assertThat(out.toString()).contains("Dry run (nothing written) of importing " + from + " into " + to + ": 6 files")
                    .contains("would convert: 2025/11/29/data platform #2.csv -> 2025/11/29/data%20platform%20%232@444455556666.csv")
                    .containsPattern("  would convert +6\\n");
        }

        @Test
        void every_file_is_accounted_for_with_the_reason_and_the_exit_code_says_if_a_report_was_left_out(@TempDir Path dir)
                throws IOException {
            Path from = dir.resolve("legacy");
            Path to = dir.resolve("stocktake");
            String day = ReportKeys.datePath(DAY_2);
            Map<String, byte[]> files = new HashMap<>();
            files.put(day + "good.csv", awsReport(PROD));
            files.put("README.md", bytes("notes"));
            files.put(day + "team/nested.csv", awsReport(PROD));
            files.put(day + "notes.txt", bytes("notes"));
            files.put("2025/02/30/bad-day.csv", awsReport(PROD));
            files.put(day + "empty.csv", new byte[0]);
            files.put(day + "not-a-report.csv", bytes("name,email\nAdministrator,a@example.com\n"));
            files.put(day + "header-only.csv", bytes(HistoryHeader.ONLY));
            files.put(day + "no-arn.csv", bytes("user,arn\nBill,not-an-arn\n"));
            files.put(day + "mixed.csv", bytes("user,arn\nBill,arn:aws:iam::" + PROD + ":user/Bill\nAdministrator,arn:aws:iam::"
                    + STG + ":user/Administrator\n"));
            files.put(day + "unreadable.csv", bytes("user,arn\n\"Bill,arn:aws:iam::" + PROD + ":user/Bill\n"));
            // already in Stocktake's layout: copied as is; one whose ARNs are another account's is not
            files.put(day + "stg@" + STG + ".csv", awsReport(STG));
            files.put(day + "forged@" + SANDBOX + ".csv", awsReport(STG));
            // a second file of one account on one day (renamed within the day): the first in key order is imported
            files.put(day + "good-renamed.csv", awsReport(PROD));
            write(from, files);
            // the target already holds a different report under one key
            Path conflicting = to.resolve(ReportKeys.reportKey("", DAY_1, "other", SANDBOX));
            Files.createDirectories(conflicting.getParent());
            Files.write(conflicting, awsReport(SANDBOX));
            write(from, Map.of(ReportKeys.datePath(DAY_1) + "other.csv", bytes(HistoryHeader.ONLY + "\n<root_account>,arn:aws:iam::"
                    + SANDBOX + ":root")));

            int exit = run(Map.of(), "import", "--from", from.toString(), "--to", to.toString(), "--verbose");

            assertThat(exit).isEqualTo(1);
            String d = day;
            assertThat(out.toString().lines()
                    .filter(line -> !line.startsWith(" ") && !line.startsWith("Imported ") && !line.startsWith("Some reports")).toList()).containsExactlyInAnyOrder(
                    "conflict, not written: 2025/11/29/other.csv: the target already holds a different report under this key;"
                            + " it is left as it is",
                    "conflict, not written: " + d + "good.csv: account " + PROD + " already has a report of 2025-11-30 in the "
                            + "target, " + d + "good-renamed@" + PROD + ".csv (one report per account and day; the views would use only one)",
                    "converted: " + d + "good-renamed.csv -> " + d + "good-renamed@" + PROD + ".csv",
                    "copied as is (already in Stocktake's layout): " + d + "stg@" + STG + ".csv -> " + d + "stg@" + STG + ".csv",
                    "ignored, not a report: 2025/02/30/bad-day.csv: the folder 2025/02/30 is not a date",
                    "ignored, not a report: README.md: not a .csv file directly under a YYYY/MM/DD/ folder",
                    "ignored, not a report: " + d + "notes.txt: not a .csv file directly under a YYYY/MM/DD/ folder",
                    "ignored, not a report: " + d + "team/nested.csv: nested below the day folder (a report is "
                            + "YYYY/MM/DD/<account name>.csv; an account name with '/' in the seed's layout cannot be told from a "
                            + "sub-folder: move the file up and name it after the account)",
                    "skipped: " + d + "empty.csv: not a credential report: the file is empty",
                    "skipped: " + d + "forged@" + SANDBOX + ".csv: ARN of account " + STG + " in the report of account " + SANDBOX
                            + " (the ID in its name)",
                    "skipped: " + d + "header-only.csv: no ARN: the report has no rows after the header, so its account is unknown",
                    "skipped: " + d + "mixed.csv: mixed accounts: the ARNs name 2 accounts (" + PROD + ", " + STG + "); a report "
                            + "holds one account's users",
                    "skipped: " + d + "no-arn.csv: no ARN in data row 1: its arn value is not an IAM user or root ARN",
                    "skipped: " + d + "not-a-report.csv: not a credential report: the header has no user and arn columns",
                    "skipped: " + d + "unreadable.csv: unreadable: not valid CSV near line 3");
            assertThat(out.toString()).containsPattern("  converted +1\\n").containsPattern("  copied as is \\(already in Stocktake's layout\\) +1\\n")
                    .containsPattern("  ignored, not a report +4\\n").containsPattern("  skipped +7\\n")
                    .containsPattern("  conflict, not written +2\\n")
                    .contains("Some reports were not imported");
            assertThat(read(to)).containsOnlyKeys(d + "good-renamed@" + PROD + ".csv", d + "stg@" + STG + ".csv",
                    ReportKeys.reportKey("", DAY_1, "other", SANDBOX));
            assertThat(read(to).get(ReportKeys.reportKey("", DAY_1, "other", SANDBOX))).isEqualTo(awsReport(SANDBOX));
            assertNoReportContentPrinted();
        }

        @Test
        void a_legacy_file_and_its_converted_copy_in_the_source_are_written_once_in_a_dry_run_too(@TempDir Path dir)
                throws IOException {
            Path from = dir.resolve("legacy");
            Path to = dir.resolve("stocktake");
            write(from, Map.of("2025/11/30/prod.csv", awsReport(PROD), "2025/11/30/prod@" + PROD + ".csv", awsReport(PROD),
                    "2025/11/29/prod.csv", awsReport(PROD), "2025/11/29/prod@" + PROD + ".csv", bytes("user,arn\nx,arn:aws:iam::"
                            + PROD + ":root")));

            for (String dryRun : List.of("--dry-run", "")) {
                int exit = dryRun.isEmpty() ? run(Map.of(), "import", "--from", from.toString(), "--to", to.toString(), "--verbose")
                        : run(Map.of(), "import", "--from", from.toString(), "--to", to.toString(), "--verbose", dryRun);

                assertThat(exit).isEqualTo(1);
                assertThat(out.toString()).contains((dryRun.equals("--dry-run") ? "would convert" : "converted")
                                + ": 2025/11/30/prod.csv -> 2025/11/30/prod@111122223333.csv")
                        .contains("already imported: 2025/11/30/prod@111122223333.csv -> 2025/11/30/prod@111122223333.csv")
                        .contains("conflict, " + (dryRun.equals("--dry-run") ? "would not write" : "not written")
                                + ": 2025/11/29/prod@111122223333.csv: the target already holds a different report under this key");
            }
            assertThat(read(to)).containsOnlyKeys("2025/11/30/prod@" + PROD + ".csv", "2025/11/29/prod@" + PROD + ".csv");
            assertThat(read(to).get("2025/11/29/prod@" + PROD + ".csv")).isEqualTo(awsReport(PROD));
        }

        @Test
        void without_verbose_only_the_files_not_imported_are_named_on_stderr(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            write(from, Map.of("2025/11/30/prod.csv", awsReport(PROD), "2025/11/30/empty.csv", new byte[0], "README.md", bytes("x")));

            int exit = run(Map.of(), "import", "--from", from.toString(), "--to", dir.resolve("to").toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("Not imported:" + System.lineSeparator()
                    + "  skipped: 2025/11/30/empty.csv: not a credential report: the file is empty" + System.lineSeparator());
            assertThat(out.toString()).doesNotContain("prod.csv").doesNotContain("README.md");
        }

        @Test
        void a_thousand_files_show_progress_on_stderr(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            Map<String, byte[]> files = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                files.put(ReportKeys.datePath(DAY_1.minusDays(i / 10)) + "account-" + (i % 10) + ".csv",
                        awsReport(String.format("1000000000%02d", i % 10)));
            }
            write(from, files);

            int exit = run(Map.of(), "import", "--from", from.toString(), "--to", dir.resolve("to").toString());

            assertThat(exit).as(err.toString()).isZero();
            assertThat(err.toString())
                    .contains("stocktake import: 500 of 1000 files, 500 written, 0 already imported, 0 skipped or in conflict")
                    .contains("stocktake import: 1000 of 1000 files, 1000 written, 0 already imported, 0 skipped or in conflict");
            assertThat(read(dir.resolve("to"))).hasSize(1000);
            assertThat(out.toString()).containsPattern("  converted +1000\\n");
        }

        @Test
        void overlapping_locations_are_refused(@TempDir Path dir) {
            int exit = run(Map.of(), "import", "--from", dir.toString(), "--to", dir.resolve("new").toString());

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).startsWith("stocktake import: --from " + dir + " and --to " + dir.resolve("new") + " overlap");
        }

        @Test
        void a_missing_source_folder_exits_1(@TempDir Path dir) {
            int exit = run(Map.of(), "import", "--from", dir.resolve("nope").toString(), "--to", dir.resolve("to").toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("stocktake import: no such folder: " + dir.resolve("nope") + System.lineSeparator());
        }
    }

    @Nested
    @ExtendWith(EmulatorExtension.class)
    class With_s3 {

        private static final String LEGACY_BUCKET = "legacy-reports";
        private static final String BUCKET = "stocktake-reports";

        private Map<String, String> env;
        private S3Client s3;

        @BeforeEach
        void buckets(Emulator emulator) {
            env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString());
            s3 = S3Client.builder().endpointOverride(emulator.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                    .build();
            for (String bucket : List.of(LEGACY_BUCKET, BUCKET)) {
                if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                    s3.createBucket(r -> r.bucket(bucket));
                }
                for (S3Object object : s3.listObjectsV2(r -> r.bucket(bucket)).contents()) {
                    s3.deleteObject(r -> r.bucket(bucket).key(object.key()));
                }
            }
        }

        private Map<String, byte[]> objects(String bucket, String prefix) {
            Map<String, byte[]> objects = new HashMap<>();
            for (S3Object object : s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                objects.put(object.key().substring(prefix.length()),
                        s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key())).asByteArray());
            }
            return objects;
        }

        @Test
        void folder_to_s3_writes_as_the_collector_does_and_never_overwrites(@TempDir Path dir) throws IOException {
            Path from = dir.resolve("legacy");
            write(from, legacyHistory());
            String to = "s3://" + BUCKET + "/credential-reports/";

            int exit = run(env, "import", "--from", from.toString(), "--to", to);

            assertThat(exit).as(err.toString()).isZero();
            Map<String, byte[]> written = objects(BUCKET, "credential-reports/");
            assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(expectedTargets().values());
            expectedTargets().forEach((source, target) ->
                    assertThat(written.get(target)).as(target).isEqualTo(legacyHistory().get(source)));
            String key = "credential-reports/" + ReportKeys.reportKey("", DAY_2, "data platform #2", STG);
            GetObjectResponse head = s3.getObject(r -> r.bucket(BUCKET).key(key)).response();
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(head.metadata()).containsEntry(ReportStore.META_ACCOUNT_ID, STG)
                    .containsEntry(ReportStore.META_ACCOUNT_NAME, "data%20platform%20%232")
                    .containsEntry("imported-from", from + "/2025/11/30/data platform #2.csv");
            assertThat(s3.getObjectTagging(r -> r.bucket(BUCKET).key(key)).tagSet())
                    .containsExactly(Tag.builder().key(ReportStore.ACCOUNT_TAG).value(STG).build());

            // a different object put under one of the keys since: the re-run leaves it, and says so
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("user,arn\nx,arn:aws:iam::" + STG + ":root"));
            int again = run(env, "import", "--from", from.toString(), "--to", to);

            assertThat(again).isEqualTo(1);
            assertThat(out.toString()).containsPattern("  already imported +5\\n").containsPattern("  conflict, not written +1\\n");
            assertThat(err.toString()).contains("conflict, not written: 2025/11/30/data platform #2.csv: the target already "
                    + "holds a different report under this key; it is left as it is");
            assertThat(objects(BUCKET, "credential-reports/").get(key.substring("credential-reports/".length())))
                    .asString(StandardCharsets.UTF_8).isEqualTo("user,arn\nx,arn:aws:iam::" + STG + ":root");
        }

        @Test
        void s3_to_folder_and_a_dry_run_from_s3_to_s3(@TempDir Path dir) {
            legacyHistory().forEach((path, content) ->
                    s3.putObject(r -> r.bucket(LEGACY_BUCKET).key("reports/" + path), RequestBody.fromBytes(content)));
            s3.putObject(r -> r.bucket(LEGACY_BUCKET).key("reports/2025/11/30/"), RequestBody.empty());

            int dry = run(env, "import", "--from", "s3://" + LEGACY_BUCKET + "/reports", "--to", "s3://" + BUCKET + "/credential-reports/",
                    "--dry-run");

            assertThat(dry).as(err.toString()).isZero();
            assertThat(objects(BUCKET, "")).isEmpty();
            assertThat(out.toString()).contains("Dry run (nothing written) of importing s3://legacy-reports/reports/ into "
                    + "s3://stocktake-reports/credential-reports/: 7 files").containsPattern("  would convert +6\\n")
                    .containsPattern("  ignored, not a report +1\\n");

            int exit = run(env, "import", "--from", "s3://" + LEGACY_BUCKET + "/reports/", "--to", dir.toString() + "/to");

            assertThat(exit).as(err.toString()).isZero();
            try {
                Map<String, byte[]> written = read(dir.resolve("to"));
                assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(expectedTargets().values());
                expectedTargets().forEach((source, target) ->
                        assertThat(written.get(target)).as(target).isEqualTo(legacyHistory().get(source)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertNoReportContentPrinted();
        }

        @Test
        void a_bucket_that_does_not_exist_exits_1_naming_it(@TempDir Path dir) {
            int exit = run(env, "import", "--from", "s3://no-such-bucket/reports/", "--to", dir.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("stocktake import: cannot list s3://no-such-bucket/reports/: ")
                    .contains("Check the bucket name");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class HistoryHeader {
        static final String ONLY = dev.stocktake.cli.importer.HistoryFixtures.HEADER;
    }
}
