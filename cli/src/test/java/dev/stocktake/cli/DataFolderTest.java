package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.sql.engine.ReportFolder;
import dev.stocktake.sql.engine.ReportFolderException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DataFolderTest {

    private static final String REPORT = "user,arn,user_creation_time\n<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00\n";
    private static final String EXPORT = "account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags\n";
    private static final String ALLOWLIST = "account,user,credentials,owner,reason,ticket,expires\n";
    private static final String DETAILS = "{\"kind\":\"collection\",\"account_id\":\"111111111111\",\"users\":0,\"sso_roles\":0}\n";
    private static final String IDENTITY_CENTER = "{\"kind\":\"instance\",\"identity_store_id\":\"d-1234567890\"}\n";
    private static final String MAPPING = "account,iam_user,identity_center_user,reason\n";
    private static final String SETTINGS = "setting,scope,value\nidle_days,,90\n";
    private static final String MILESTONES = "day,max_console_users,scope,name\n2027-03-31,100,,under 100\n";
    /** Every file of the laid-out bucket but the notifier's, by its path in the copy. */
    private static final List<String> LAID_OUT = List.of("accounts/2026/03/01/accounts.csv", "allowlist/allowlist.csv",
            "credential-reports/2026/03/01/prod.csv", "credential-reports/2026/03/02/prod.csv",
            "iam-details/2026/03/01/prod@111111111111.json", "identity-center/2026/03/01/identity-center.json",
            "identity-center/2026/03/02/identity-center.json", "identity-mapping/identity-mapping.csv",
            "migration-settings/migration-settings.csv", "milestones/milestones.csv",
            "remediation/2026/03/02/q-20260302-0a0a0a/001-deny-all.done.json");

    @Nested
    class Parent_prefix {

        @Test
        void is_the_prefix_that_holds_a_report_prefix() {
            assertThat(DataFolder.parentPrefix("credential-reports/")).isEmpty();
            assertThat(DataFolder.parentPrefix("org/a/credential-reports/")).isEqualTo("org/a/");
            assertThat(DataFolder.parentPrefix("")).isNull();
        }
    }

    /** A local --data: the folder of reports, a copy of the bucket, or the demo's output folder (its reports/). */
    @Nested
    class Local_folder {

        @Test
        void that_holds_the_day_folders_or_a_bucket_copy_is_read_as_it_is(@TempDir Path dir) throws IOException {
            Files.createDirectories(dir.resolve("reports-only/2026/03/01"));
            Files.createDirectories(dir.resolve("bucket/credential-reports/2026/03/01"));

            assertThat(DataFolder.local(dir.resolve("reports-only"))).isEqualTo(dir.resolve("reports-only"));
            assertThat(DataFolder.local(dir.resolve("bucket"))).isEqualTo(dir.resolve("bucket"));
        }

        @Test
        void that_the_demo_wrote_is_read_from_its_reports_folder(@TempDir Path dir) throws IOException {
            Path demo = dir.resolve("stocktake-demo");
            Files.createDirectories(demo.resolve("reports/credential-reports/2026/03/01"));
            Files.createDirectories(demo.resolve("data"));
            Files.writeString(demo.resolve("dashboard.html"), "<html></html>");

            assertThat(DataFolder.local(demo)).isEqualTo(demo.resolve("reports"));
            try (DataFolder data = DataFolder.open(demo.toString(), Map.of())) {
                assertThat(data.folder()).isEqualTo(demo.resolve("reports"));
                assertThat(data.fromS3()).isFalse();
            }
        }

        @Test
        void that_is_none_of_these_or_missing_says_what_was_expected(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("notes.txt"), "not a report");

            assertThatThrownBy(() -> DataFolder.local(dir)).isInstanceOf(ReportFolderException.class)
                    .hasMessage("no credential reports in " + dir.toAbsolutePath().normalize() + ": expected a folder laid"
                            + " out like the bucket (YYYY/MM/DD/<account-name>@<account-id>.csv), a copy of the bucket"
                            + " (credential-reports/YYYY/MM/DD/... with accounts/, allowlist/, ... beside it), the output"
                            + " folder of ./stocktake demo (reports/credential-reports/...), or s3://bucket/prefix/");
            assertThatThrownBy(() -> DataFolder.local(dir.resolve("stocktake-data"))).isInstanceOf(ReportFolderException.class)
                    .hasMessageStartingWith("no such folder: " + dir.resolve("stocktake-data").toAbsolutePath().normalize()
                            + " (--data takes a folder laid out like the bucket");
        }
    }

    @Nested
    @ExtendWith(EmulatorExtension.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class From_s3 {

        private Map<String, String> env;

        @BeforeAll
        void buckets(Emulator emulator) {
            env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString());
            EmulatorOrganization org = EmulatorOrganization.create(emulator.endpoint());
            org.createBucket("laid-out");
            org.createBucket("reports-only");
            try (S3Client s3 = org.s3()) {
                put(s3, "laid-out", "credential-reports/2026/03/01/prod.csv", REPORT);
                put(s3, "laid-out", "credential-reports/2026/03/02/prod.csv", REPORT);
                put(s3, "laid-out", "accounts/2026/03/01/accounts.csv", EXPORT);
                put(s3, "laid-out", "allowlist/allowlist.csv", ALLOWLIST);
                put(s3, "laid-out", "iam-details/2026/03/01/prod@111111111111.json", DETAILS);
                put(s3, "laid-out", "identity-center/2026/03/01/identity-center.json", IDENTITY_CENTER);
                put(s3, "laid-out", "identity-center/2026/03/02/identity-center.json", IDENTITY_CENTER);
                put(s3, "laid-out", "identity-mapping/identity-mapping.csv", MAPPING);
                put(s3, "laid-out", "migration-settings/migration-settings.csv", SETTINGS);
                put(s3, "laid-out", "milestones/milestones.csv", MILESTONES);
                put(s3, "laid-out", "remediation/2026/03/02/q-20260302-0a0a0a/001-deny-all.done.json", "{\"plan_id\":\"q-20260302-0a0a0a\"}");
                put(s3, "laid-out", "notifier/deliveries/2026/03/01/email.json", "{}");
                put(s3, "reports-only", "org/credential-reports/2026/03/01/prod.csv", REPORT);
            }
        }

        @Test
        void a_report_prefix_comes_with_every_companion_prefix_beside_it() throws IOException {
            Path copy;
            try (DataFolder data = DataFolder.open("s3://laid-out/credential-reports/", env)) {
                copy = data.temporaryCopy();
                assertThat(data.fromS3()).isTrue();
                assertThat(files(data.folder())).containsExactlyElementsOf(LAID_OUT);
                assertThat(List.of(data.copiedFiles(), data.copiedExports(), data.copiedAllowlists())).containsExactly(2, 1, 1);
                assertThat(data.copiedCompanions()).containsExactly(entry("accounts", 1), entry("iam-details", 1),
                        entry("identity-center", 2), entry("allowlist", 1), entry("identity-mapping", 1),
                        entry("migration-settings", 1), entry("milestones", 1), entry("remediation", 1));
                assertThat(data.folder().resolve("allowlist/allowlist.csv")).hasContent(ALLOWLIST.strip());
                assertThat(data.folder().resolve("milestones/milestones.csv")).hasContent(MILESTONES.strip());
                assertThat(data.folder().resolve("identity-center/2026/03/02/identity-center.json")).hasContent(IDENTITY_CENTER.strip());
                // what the embedded engine reads: the reports, with the directory exports beside them
                ReportFolder folder = ReportFolder.scan(data.folder());
                assertThat(folder.files()).isEqualTo(2);
                assertThat(folder.accounts()).isNotNull();
                assertThat(data.companions())
                        .isEqualTo("accounts/ (1 file), iam-details/ (1 file), identity-center/ (2 files), allowlist/ (1 file), "
                                + "identity-mapping/ (1 file), migration-settings/ (1 file), milestones/ (1 file), remediation/ (1 file) "
                                + "from s3://laid-out/");
            }
            assertThat(copy).doesNotExist();
        }

        @Test
        void the_buckets_root_is_copied_as_it_is_laid_out() throws IOException {
            try (DataFolder data = DataFolder.open("s3://laid-out/", env)) {
                // the companions, not the other things in the bucket (the notifier's deliveries)
                assertThat(files(data.folder())).containsExactlyElementsOf(LAID_OUT);
                assertThat(data.companionsFrom()).isEqualTo("s3://laid-out/");
                assertThat(List.of(data.copiedFiles(), data.copiedExports(), data.copiedAllowlists())).containsExactly(2, 1, 1);
                assertThat(data.copied("identity-center")).isEqualTo(2);
                assertThat(ReportFolder.scan(data.folder()).accounts()).isNotNull();
            }
        }

        @Test
        void without_an_account_directory_or_allowlist_the_reports_are_still_read() throws IOException {
            Path copy;
            try (DataFolder data = DataFolder.open("s3://reports-only/org/credential-reports/", env)) {
                copy = data.temporaryCopy();
                assertThat(files(data.folder())).containsExactly("credential-reports/2026/03/01/prod.csv");
                assertThat(List.of(data.copiedFiles(), data.copiedExports(), data.copiedAllowlists())).containsExactly(1, 0, 0);
                ReportFolder folder = ReportFolder.scan(data.folder());
                assertThat(folder.files()).isEqualTo(1);
                assertThat(folder.accounts()).isNull();
                assertThat(data.copiedCompanions()).containsOnlyKeys(DataFolder.COMPANIONS).allSatisfy((name, files) -> assertThat(files).isZero());
                assertThat(data.companions()).isEqualTo(
                        "no companion files; none in accounts/, iam-details/, identity-center/, allowlist/, identity-mapping/, "
                                + "migration-settings/, milestones/, remediation/ (coverage unknown) from s3://reports-only/org/");
            }
            assertThat(copy).doesNotExist();
        }

        @Test
        void a_prefix_without_reports_copies_nothing() throws IOException {
            try (DataFolder data = DataFolder.open("s3://reports-only/elsewhere/", env)) {
                assertThat(data.copiedFiles()).isZero();
                assertThat(files(data.folder())).isEmpty();
            }
        }

        private static void put(S3Client s3, String bucket, String key, String body) {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
        }

        private static List<String> files(Path folder) throws IOException {
            try (Stream<Path> paths = Files.walk(folder)) {
                return paths.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted().toList();
            }
        }
    }
}
