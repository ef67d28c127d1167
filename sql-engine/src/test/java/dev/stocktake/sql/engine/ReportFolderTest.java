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
        write("2026/03/05/prod@111111111111.csv");
        write("2026/02/19/team%20a%2Fb@222222222222.csv");
        write("2026/03/01/shared@444444444444.csv");
        write(".DS_Store");
        write("2026/03/01/_SUCCESS");

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports).isEqualTo(new ReportFolder(folder.toAbsolutePath().normalize(),
                LocalDate.of(2026, 2, 19), LocalDate.of(2026, 3, 5), 3));
    }

    @Test
    void scan_uses_the_credential_reports_folder_of_a_bucket_copy() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports.root()).isEqualTo(folder.resolve("credential-reports").toAbsolutePath().normalize());
        assertThat(reports.firstDay()).isEqualTo(LocalDate.of(2026, 3, 5));
    }

    @Test
    void scan_finds_the_account_directory_beside_the_credential_reports_folder() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
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
        write("copy/credential-reports/2026/03/05/prod@111111111111.csv");
        write("reports/2026/03/05/prod@111111111111.csv");
        write("accounts/2026/03/05/accounts.csv");

        assertThat(ReportFolder.scan(folder.resolve("copy")).accounts()).isNull();
        assertThat(ReportFolder.scan(folder.resolve("copy/credential-reports")).accounts()).isNull();
        // accounts/ is looked for beside a credential-reports/ folder only
        assertThat(ReportFolder.scan(folder.resolve("reports")).accounts()).isNull();
    }

    @Test
    void scan_names_the_files_that_break_the_account_directory_layout() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("accounts/2026/03/05/accounts.csv");
        write("accounts/2026/03/05/prod@111111111111.csv");

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.resolve("accounts").toAbsolutePath().normalize()
                        + ": expected only YYYY/MM/DD/accounts.csv files, found 2026/03/05/prod@111111111111.csv");
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
        write("2026/03/05/prod@111111111111.csv");
        write("2026/3/5/prod@111111111111.csv");
        write("2026/02/30/prod@111111111111.csv");
        write("notes.txt");

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.toAbsolutePath().normalize()
                        + ": expected only YYYY/MM/DD/<account-name>.csv files, found 2026/02/30/prod.csv, 2026/3/5/prod.csv, notes.txt");
    }

    private static final String VALID_ALLOWLIST = """
            # break-glass users
            account,user,credentials,owner,reason,ticket,expires
            *,break-glass,console,security@example.com,Emergency access,SEC-1,2027-06-30
            """;

    @Test
    void scan_finds_the_allowlist_beside_the_credential_reports_folder() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("allowlist/allowlist.csv", VALID_ALLOWLIST);
        write("allowlist/.keep");

        assertThat(ReportFolder.scan(folder).allowlist()).isEqualTo(folder.resolve("allowlist").toAbsolutePath().normalize());
        assertThat(ReportFolder.scan(folder.resolve("credential-reports")).allowlist())
                .isEqualTo(folder.resolve("allowlist").toAbsolutePath().normalize());
    }

    @Test
    void scan_without_an_allowlist_file_has_no_allowlist() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("reports/2026/03/05/prod@111111111111.csv");
        write("allowlist/.keep");

        assertThat(ReportFolder.scan(folder).allowlist()).isNull();
        // allowlist/ is looked for beside a credential-reports/ folder only
        Files.delete(folder.resolve("allowlist/.keep"));
        write("allowlist/allowlist.csv", VALID_ALLOWLIST);
        assertThat(ReportFolder.scan(folder.resolve("reports")).allowlist()).isNull();
    }

    @Test
    void scan_refuses_an_invalid_allowlist_with_its_own_message() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("allowlist/allowlist.csv", VALID_ALLOWLIST + "*,ops,keys,ops@example.com,Ops,,2027-01-01\n");
        Path file = folder.resolve("allowlist/allowlist.csv").toAbsolutePath().normalize();

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage(file + " is not a valid allowlist (1 problem):\n"
                        + "  " + file + " line 4, field 'credentials': 'keys' must be console, access-keys or both\n"
                        + "Fix the file (./stocktake allowlist check " + file + ") or remove it.");
    }

    @Test
    void scan_refuses_other_files_in_the_allowlist_folder_which_the_table_would_read_too() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("allowlist/allowlist.csv", VALID_ALLOWLIST);
        write("allowlist/old/allowlist.csv", VALID_ALLOWLIST);

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.resolve("allowlist").toAbsolutePath().normalize()
                        + ": expected only allowlist.csv (the allowlist table reads every file there), found "
                        + "allowlist.csv, old/allowlist.csv");
    }

    private void write(String relative, String content) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void write(String relative) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "user,arn\n");
    }
}
