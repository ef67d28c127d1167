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

    static final String VALID_MAPPING = "account,iam_user,identity_center_user,reason\n"
            + "*,alice,alice@example.com,Same person (test)\n";

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
                        + ": expected files laid out like the bucket, YYYY/MM/DD/<account-name>@<account-id>.csv");
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
                        + ": expected only YYYY/MM/DD/<account-name>@<account-id>.csv files, found 2026/02/30/prod@111111111111.csv, "
                        + "2026/3/5/prod@111111111111.csv, notes.txt");
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

    @Test
    void scan_finds_the_migration_folders_beside_the_credential_reports_folder() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("identity-center/2026/03/04/identity-center.json", "{}\n");
        write("identity-center/2026/03/05/identity-center.json", "{}\n");
        write("iam-details/2026/03/05/prod@111111111111.json", "{}\n");
        write("iam-details/2026/03/05/notes.txt", "any file of a day folder: the views ignore other keys\n");
        write("identity-mapping/identity-mapping.csv", VALID_MAPPING);
        write("migration-settings/migration-settings.csv", "setting,scope,value\nidle_days,,30\n");
        write("milestones/milestones.csv", "day,max_console_users,scope,name\n2027-03-31,100,,under 100\n");
        Path root = folder.toAbsolutePath().normalize();

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports.identityCenter()).isEqualTo(new ReportFolder.DayFolder(root.resolve("identity-center"),
                LocalDate.of(2026, 3, 4), LocalDate.of(2026, 3, 5), 2));
        assertThat(reports.iamDetails()).isEqualTo(new ReportFolder.DayFolder(root.resolve("iam-details"),
                LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 5), 2));
        assertThat(reports.identityMapping()).isEqualTo(root.resolve("identity-mapping"));
        assertThat(reports.migrationSettings()).isEqualTo(root.resolve("migration-settings"));
        assertThat(reports.milestones()).isEqualTo(root.resolve("milestones"));
    }

    @Test
    void scan_without_the_migration_folders_has_none_of_them() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("milestones/.keep", "");

        ReportFolder reports = ReportFolder.scan(folder);

        assertThat(reports.identityCenter()).isNull();
        assertThat(reports.iamDetails()).isNull();
        assertThat(reports.identityMapping()).isNull();
        assertThat(reports.migrationSettings()).isNull();
        assertThat(reports.milestones()).isNull();
    }

    @Test
    void scan_names_the_files_that_break_the_identity_center_layout() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("identity-center/2026/03/05/export.json", "{}\n");

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.resolve("identity-center").toAbsolutePath().normalize()
                        + ": expected only YYYY/MM/DD/identity-center.json files, found 2026/03/05/export.json");
    }

    @Test
    void scan_refuses_other_files_in_a_settings_folder_which_the_table_would_read_too() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("milestones/milestones.csv", "day,max_console_users,scope,name\n");
        write("milestones/milestones.csv.bak", "day,max_console_users,scope,name\n");

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessage("bad layout in " + folder.resolve("milestones").toAbsolutePath().normalize()
                        + ": expected only milestones.csv (the milestones table reads every file there), found "
                        + "milestones.csv, milestones.csv.bak; move the other files out of the folder");
    }

    @Test
    void scan_refuses_an_invalid_identity_mapping_with_its_own_message() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("identity-mapping/identity-mapping.csv", VALID_MAPPING + "12345,bob,bob@example.com,Bob\n");
        Path file = folder.resolve("identity-mapping/identity-mapping.csv").toAbsolutePath().normalize();

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(":3: account")
                .hasMessageEndingWith("\nFix the file (./stocktake mapping check " + file + ") or remove it.");
    }

    @Test
    void scan_refuses_invalid_settings_and_milestones_with_their_own_messages() throws IOException {
        write("credential-reports/2026/03/05/prod@111111111111.csv");
        write("migration-settings/migration-settings.csv", "setting,scope,value\nidle_days,,0\n");
        Path settings = folder.resolve("migration-settings/migration-settings.csv").toAbsolutePath().normalize();

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessageContaining(settings + ":2: ")
                .hasMessageEndingWith("\nFix the file (regenerate it from the config (MigrationSettings.settingsCsv())) or remove it.");

        write("migration-settings/migration-settings.csv", "setting,scope,value\nidle_days,,30\n");
        write("milestones/milestones.csv", "day,max_console_users,scope,name\n2027-03-31,10,,\n2027-06-30,20,,\n");
        Path milestones = folder.resolve("milestones/milestones.csv").toAbsolutePath().normalize();

        assertThatThrownBy(() -> ReportFolder.scan(folder))
                .isInstanceOf(ReportFolderException.class)
                .hasMessageContaining(milestones.toString())
                .hasMessageEndingWith("\nFix the file (regenerate it from the config (MigrationSettings.milestonesCsv())) or remove it.");
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
