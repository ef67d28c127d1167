package dev.stocktake.sql.engine;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportFolderTest {

    @TempDir
    Path folder;

    @Test
    void scan_finds_the_first_and_last_report_day() throws IOException {
        write("2026/03/05/prod.csv");
        write("2026/02/19/team%20a%2Fb.csv");
        write("2026/03/01/shared@444444444444.csv");
        write(".DS_Store");
        write("2026/03/01/_SUCCESS");

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports).isEqualTo(new ReportFolder(folder.toAbsolutePath().normalize(),
                LocalDate.of(2026, 2, 19), LocalDate.of(2026, 3, 5), 3));
    }

    @Test
    void scan_uses_the_credential_reports_folder_of_a_bucket_copy() throws IOException {
        write("credential-reports/2026/03/05/prod.csv");

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports.root()).isEqualTo(folder.resolve("credential-reports").toAbsolutePath().normalize());
        assertThat(reports.firstDay()).isEqualTo(LocalDate.of(2026, 3, 5));
    }

    @Test
    void scan_finds_the_account_directory_beside_the_credential_reports_folder() throws IOException {
        write("credential-reports/2026/03/05/prod.csv");
        write("accounts/2026/03/04/accounts.csv");
        write("accounts/2026/03/05/accounts.csv");
        write("accounts/.keep");

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports.accounts()).isEqualTo(new ReportFolder.AccountFolder(
                folder.resolve("accounts").toAbsolutePath().normalize(), LocalDate.of(2026, 3, 4), LocalDate.of(2026, 3, 5), 2));
        assertThat(ReportFolder.scan(folder.resolve("credential-reports")).accounts()).isEqualTo(reports.accounts());
    }

    @Test
    void scan_without_an_accounts_folder_has_no_account_directory() throws IOException {
        write("copy/credential-reports/2026/03/05/prod.csv");
        write("reports/2026/03/05/prod.csv");
        write("accounts/2026/03/05/accounts.csv");

        assertThat(ReportFolder.scan(folder.resolve("copy")).accounts()).isNull();
        assertThat(ReportFolder.scan(folder.resolve("copy/credential-reports")).accounts()).isNull();
        // accounts/ is looked for beside a credential-reports/ folder only
        assertThat(ReportFolder.scan(folder.resolve("reports")).accounts()).isNull();
    }

    @Test
    void scan_names_the_files_that_break_the_account_directory_layout() throws IOException {
        write("credential-reports/2026/03/05/prod.csv");
        write("accounts/2026/03/05/accounts.csv");
        write("accounts/2026/03/05/prod.csv");

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.resolve("accounts").toAbsolutePath().normalize()
                        + ": expected only YYYY/MM/DD/accounts.csv files, found 2026/03/05/prod.csv");
    }

    @Test
    void scan_of_an_empty_folder_says_what_it_expected() {
        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("no credential reports in " + folder.toAbsolutePath().normalize()
                        + ": expected files laid out like the bucket, YYYY/MM/DD/<account-name>.csv");
    }

    @Test
    void scan_of_a_missing_folder_names_it() {
        Path missing = folder.resolve("nope");

        assertThatThrownBy(() -> ReportFolder.scan(missing))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("no such folder: " + missing.toAbsolutePath().normalize());
    }

    @Test
    void scan_names_the_files_that_break_the_layout() throws IOException {
        write("2026/03/05/prod.csv");
        write("2026/3/5/prod.csv");
        write("2026/02/30/prod.csv");
        write("notes.txt");

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.toAbsolutePath().normalize()
                        + ": expected only YYYY/MM/DD/<account-name>.csv files, found 2026/02/30/prod.csv, 2026/3/5/prod.csv, notes.txt");
    }

    private void write(String relative) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "user,arn\n");
    }
}
