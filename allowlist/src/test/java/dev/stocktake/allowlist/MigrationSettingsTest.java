package dev.stocktake.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import dev.stocktake.allowlist.MigrationSettings.DefaultOwner;
import dev.stocktake.allowlist.MigrationSettings.Milestone;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MigrationSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The contract's example section. */
    private static final String EXAMPLE = """
            {"idleDays": 90, "userEmailTag": "email", "userOwnerTag": "owner", "accountOwnerTag": "owner",
              "defaultOwners": [{"scope": "r-a1b2", "owner": "platform-team@example.com"}],
              "milestones": [{"day": "2027-03-31", "maxConsoleUsers": 100, "name": "under 100"}, {"day": "2027-06-30", "maxConsoleUsers": 30},
                             {"day": "2027-09-30", "maxConsoleUsers": 0, "name": "zero"}, {"day": "2027-03-31", "maxConsoleUsers": 10, "scope": "ou-a1b2-prod0001"}],
              "identityMappingFile": "allowlist/identity-mapping.csv"}
            """;

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static MigrationSettings config(String section) {
        return MigrationSettings.fromConfig(json(section), "migration");
    }

    /** The problems the config section gets. */
    private static List<String> configProblems(String section) {
        try {
            config(section);
        } catch (MigrationSettingsException e) {
            return e.problems();
        }
        throw new AssertionError("expected the section to be refused: " + section);
    }

    /** Every record of the CSV text, read by Jackson's CSV mapper (not by the code under test). */
    private static List<List<String>> rows(String csv) throws IOException {
        try (MappingIterator<List<String>> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(csv)) {
            return rows.readAll();
        }
    }

    @Nested
    class From_the_config {

        @Test
        void the_contracts_example_is_read_in_full() {
            MigrationSettings settings = config(EXAMPLE);

            assertThat(settings.idleDays()).isEqualTo(90);
            assertThat(settings.userEmailTag()).isEqualTo("email");
            assertThat(settings.userOwnerTag()).isEqualTo("owner");
            assertThat(settings.accountOwnerTag()).isEqualTo("owner");
            assertThat(settings.defaultOwners()).containsExactly(new DefaultOwner("r-a1b2", "platform-team@example.com"));
            assertThat(settings.milestones()).containsExactly(
                    new Milestone(LocalDate.parse("2027-03-31"), 100, "", "under 100"),
                    new Milestone(LocalDate.parse("2027-06-30"), 30, "", null),
                    new Milestone(LocalDate.parse("2027-09-30"), 0, "", "zero"),
                    new Milestone(LocalDate.parse("2027-03-31"), 10, "ou-a1b2-prod0001", null));
            assertThat(settings.identityMappingFile()).isEqualTo("allowlist/identity-mapping.csv");
        }

        @Test
        void an_absent_or_null_section_or_key_takes_the_defaults() {
            MigrationSettings defaults = MigrationSettings.defaults();
            assertThat(defaults.idleDays()).isEqualTo(90);
            assertThat(List.of(defaults.userEmailTag(), defaults.userOwnerTag(), defaults.accountOwnerTag()))
                    .containsExactly("email", "owner", "owner");
            assertThat(defaults.defaultOwners()).isEmpty();
            assertThat(defaults.milestones()).isEmpty();
            assertThat(MigrationSettings.fromConfig(null, "migration")).isEqualTo(defaults);
            assertThat(MigrationSettings.fromConfig(json("null"), "migration")).isEqualTo(defaults);
            assertThat(config("{}")).isEqualTo(defaults);
            assertThat(config("{\"idleDays\": null, \"userEmailTag\": null, \"milestones\": null}")).isEqualTo(defaults);
        }

        @Test
        void other_values_are_kept_and_a_default_owner_without_scope_is_the_organizations() {
            MigrationSettings settings = config("""
                    {"idleDays": 30, "userEmailTag": "Mail Address", "userOwnerTag": "team:owner", "accountOwnerTag": "CostCenter",
                     "defaultOwners": [{"owner": "cloud@example.com"}]}
                    """);
            assertThat(settings.idleDays()).isEqualTo(30);
            assertThat(settings.userEmailTag()).isEqualTo("Mail Address");
            assertThat(settings.userOwnerTag()).isEqualTo("team:owner");
            assertThat(settings.accountOwnerTag()).isEqualTo("CostCenter");
            assertThat(settings.defaultOwners()).containsExactly(new DefaultOwner("", "cloud@example.com"));
        }

        @Test
        void a_section_that_is_not_an_object_and_unknown_keys_are_named() {
            assertThat(configProblems("[1]")).containsExactly(
                    "migration: must be a JSON object -- write {\"idleDays\": 90, ...} or leave it out for the defaults");
            assertThat(configProblems("{\"idledays\": 30, \"goalReduction\": 0.9}")).containsExactly(
                    "migration.idledays: is not a migration setting -- use one of idleDays, userEmailTag, userOwnerTag, "
                            + "accountOwnerTag, defaultOwners, milestones, identityMappingFile (the names are case-sensitive)",
                    "migration.goalReduction: is not a migration setting -- use one of idleDays, userEmailTag, userOwnerTag, "
                            + "accountOwnerTag, defaultOwners, milestones, identityMappingFile (the names are case-sensitive)");
        }

        @Test
        void idle_days_must_be_a_whole_number_of_at_least_1() {
            String todo = " -- give a whole number of days, at least 1 (default 90)";
            assertThat(configProblems("{\"idleDays\": 0}")).containsExactly("migration.idleDays: 0 is less than 1" + todo);
            assertThat(configProblems("{\"idleDays\": -5}")).containsExactly("migration.idleDays: -5 is less than 1" + todo);
            assertThat(configProblems("{\"idleDays\": \"90\"}")).containsExactly("migration.idleDays: '90' is not a whole number" + todo);
            assertThat(configProblems("{\"idleDays\": 90.5}")).containsExactly("migration.idleDays: 90.5 is not a whole number" + todo);
            assertThat(configProblems("{\"idleDays\": 3000000000}"))
                    .containsExactly("migration.idleDays: 3000000000 is too large" + todo);
            assertThat(config("{\"idleDays\": 1}").idleDays()).isEqualTo(1);
        }

        @Test
        void tag_keys_must_be_iam_tag_keys_of_1_to_128_characters() {
            assertThat(config("{\"userEmailTag\": \"" + "k".repeat(128) + "\"}").userEmailTag()).hasSize(128);
            assertThat(configProblems("""
                    {"userEmailTag": "", "userOwnerTag": "%s", "accountOwnerTag": "owner!"}
                    """.formatted("k".repeat(129)))).containsExactly(
                    "migration.userEmailTag: is empty -- give a tag key (1 to 128 characters)",
                    "migration.userOwnerTag: '" + "k".repeat(129) + "' is not a tag key -- use 1 to 128 letters, digits, "
                            + "spaces and _ . : / = + - @",
                    "migration.accountOwnerTag: 'owner!' is not a tag key -- use 1 to 128 letters, digits, spaces and "
                            + "_ . : / = + - @");
            assertThat(configProblems("{\"userEmailTag\": \"aws:email\", \"userOwnerTag\": 7, \"accountOwnerTag\": \" owner\"}"))
                    .containsExactly(
                            "migration.userEmailTag: 'aws:email' starts with aws:, a prefix AWS keeps for its own tags -- give "
                                    + "the key your users or accounts are tagged with",
                            "migration.userOwnerTag: 7 is not a string -- give a tag key such as 'owner'",
                            "migration.accountOwnerTag: ' owner' has a leading or trailing space -- remove it");
        }

        @Test
        void default_owners_need_an_ou_or_root_scope_or_none_a_valid_owner_and_one_owner_per_scope() {
            assertThat(configProblems("""
                    {"defaultOwners": [
                      {"scope": "r-a1b2", "owner": "a@example.com"},
                      {"scope": "123456789012", "owner": "b@example.com"},
                      {"scope": "ou-a1b2-prod0001", "owner": ""},
                      {"scope": "ou-a1b2-prod0002"},
                      {"scope": "r-a1b2", "owner": "c@example.com"},
                      {"owner": "d@example.com", "team": "x"},
                      "e@example.com",
                      {"owner": "f\\\\g"},
                      {"owner": "z@example.com"}
                    ]}
                    """)).containsExactly(
                    "migration.defaultOwners[1].scope: '123456789012' is not an OU ID (ou-...) or a root ID (r-...) -- give "
                            + "the OU's or the root's ID, or leave the scope out for the organization-wide default",
                    "migration.defaultOwners[2].owner: is empty -- give the owner (a team or an email address)",
                    "migration.defaultOwners[3].owner: is missing -- give the owner (a team or an email address)",
                    "migration.defaultOwners[4].scope: scope r-a1b2 already has an owner in defaultOwners[0] -- keep one "
                            + "default owner per scope",
                    "migration.defaultOwners[5].team: is not a known key -- use scope, owner (the names are case-sensitive)",
                    "migration.defaultOwners[6]: must be a JSON object -- write {\"scope\": \"ou-...\", \"owner\": "
                            + "\"team@example.com\"}",
                    "migration.defaultOwners[7].owner: holds a backslash (\\), which Athena's CSV reader takes for an escape "
                            + "character -- write the owner another way (e.g. with /)");
            assertThat(configProblems("{\"defaultOwners\": {\"scope\": \"r-a1b2\"}}")).containsExactly(
                    "migration.defaultOwners: must be a JSON array -- write [{\"scope\": \"r-a1b2\", \"owner\": "
                            + "\"team@example.com\"}, ...]");
            assertThat(configProblems("{\"defaultOwners\": [{\"owner\": \"a\"}, {\"scope\": null, \"owner\": \"b\"}]}"))
                    .containsExactly("migration.defaultOwners[1].scope: the organization already has an owner in "
                            + "defaultOwners[0] -- keep one default owner per scope");
        }

        @Test
        void each_milestone_field_is_checked_with_its_path() {
            assertThat(configProblems("""
                    {"milestones": [
                      {"day": "2027-02-30", "maxConsoleUsers": 10},
                      {"maxConsoleUsers": -1, "scope": "sales"},
                      {"day": 20270331, "maxConsoleUsers": 1.5, "name": "%s"},
                      {"day": "2027-04-01", "scope": "1234", "Name": "x"},
                      3
                    ]}
                    """.formatted("n".repeat(65)))).containsExactly(
                    "migration.milestones[0].day: '2027-02-30' is not a date -- write YYYY-MM-DD",
                    "migration.milestones[1].day: is missing -- give the milestone's day as YYYY-MM-DD",
                    "migration.milestones[1].maxConsoleUsers: -1 is less than 0 -- give the most console users allowed on "
                            + "that day (0 or more)",
                    "migration.milestones[1].scope: 'sales' is not an OU ID (ou-...), a root ID (r-...) or a 12-digit "
                            + "account ID -- give one of them, or leave the scope out for the whole organization",
                    "migration.milestones[2].day: 20270331 is not a date -- write it as a string YYYY-MM-DD",
                    "migration.milestones[2].maxConsoleUsers: 1.5 is not a whole number -- give the most console users "
                            + "allowed on that day (0 or more)",
                    "migration.milestones[2].name: has 65 characters, more than 64 -- shorten the name",
                    "migration.milestones[3].Name: is not a known key -- use day, maxConsoleUsers, scope, name (the names "
                            + "are case-sensitive)",
                    "migration.milestones[3].maxConsoleUsers: is missing -- give the most console users allowed on that "
                            + "day (0 or more)",
                    "migration.milestones[3].scope: '1234' is not an OU ID (ou-...), a root ID (r-...) or a 12-digit "
                            + "account ID -- give one of them, or leave the scope out for the whole organization",
                    "migration.milestones[4]: must be a JSON object -- write {\"day\": \"2027-03-31\", \"maxConsoleUsers\": 100}");
            assertThat(configProblems("{\"milestones\": {}}")).containsExactly(
                    "migration.milestones: must be a JSON array -- write [{\"day\": \"2027-03-31\", \"maxConsoleUsers\": "
                            + "100}, ...]");
        }

        @Test
        void per_scope_days_are_unique_and_the_maximum_never_rises_with_time_whatever_the_order_given() {
            assertThat(configProblems("""
                    {"milestones": [
                      {"day": "2027-06-30", "maxConsoleUsers": 30},
                      {"day": "2027-03-31", "maxConsoleUsers": 100},
                      {"day": "2027-09-30", "maxConsoleUsers": 40},
                      {"day": "2027-03-31", "maxConsoleUsers": 90},
                      {"day": "2027-03-31", "maxConsoleUsers": 500, "scope": "111122223333"},
                      {"day": "2027-06-30", "maxConsoleUsers": 600, "scope": "111122223333"},
                      {"day": "2027-06-30", "maxConsoleUsers": 5, "scope": "ou-a1b2-prod0001"}
                    ]}
                    """)).containsExactly(
                    "migration.milestones[2].maxConsoleUsers: 40 on 2027-09-30 is more than 30 on 2027-06-30 "
                            + "(milestones[0]) for the organization -- a later milestone allows at most as many console users "
                            + "as an earlier one",
                    "migration.milestones[3].day: 2027-03-31 is already the day of milestones[1] for the organization -- "
                            + "give each milestone of a scope its own day",
                    "migration.milestones[5].maxConsoleUsers: 600 on 2027-06-30 is more than 500 on 2027-03-31 "
                            + "(milestones[4]) for scope 111122223333 -- a later milestone allows at most as many console "
                            + "users as an earlier one");
            // the same day in different scopes, and an equal maximum later, are fine
            assertThat(config("""
                    {"milestones": [{"day": "2027-03-31", "maxConsoleUsers": 10}, {"day": "2027-06-30", "maxConsoleUsers": 10},
                                    {"day": "2027-03-31", "maxConsoleUsers": 50, "scope": "r-a1b2"}]}
                    """).milestones()).hasSize(3);
        }

        @Test
        void the_identity_mapping_file_must_be_a_csv_path() {
            assertThat(config("{\"identityMappingFile\": \"config/people.csv\"}").identityMappingFile())
                    .isEqualTo("config/people.csv");
            assertThat(configProblems("{\"identityMappingFile\": \"people.txt\"}")).containsExactly(
                    "migration.identityMappingFile: 'people.txt' is not the path of a .csv file -- give the path relative "
                            + "to the repository root (default allowlist/identity-mapping.csv)");
        }

        @Test
        void the_exception_names_the_section_and_where_is_the_prefix_of_every_path() {
            assertThatThrownBy(() -> MigrationSettings.fromConfig(json("{\"idleDays\": 0}"), "stages.migration"))
                    .isInstanceOf(MigrationSettingsException.class)
                    .hasMessage("stages.migration is not valid (1 problem):\n  stages.migration.idleDays: 0 is less than 1 "
                            + "-- give a whole number of days, at least 1 (default 90)");
        }
    }

    @Nested
    class The_csv_files {

        @Test
        void settings_csv_is_the_contracts_header_and_rows() {
            assertThat(config(EXAMPLE).settingsCsv()).isEqualTo("""
                    setting,scope,value
                    idle_days,,90
                    user_email_tag,,email
                    user_owner_tag,,owner
                    account_owner_tag,,owner
                    default_owner,r-a1b2,platform-team@example.com
                    """);
            assertThat(MigrationSettings.defaults().settingsCsv()).isEqualTo("""
                    setting,scope,value
                    idle_days,,90
                    user_email_tag,,email
                    user_owner_tag,,owner
                    account_owner_tag,,owner
                    """);
        }

        @Test
        void milestones_csv_is_the_contracts_header_and_rows_and_only_the_header_without_milestones() {
            assertThat(config(EXAMPLE).milestonesCsv()).isEqualTo("""
                    day,max_console_users,scope,name
                    2027-03-31,100,,under 100
                    2027-06-30,30,,
                    2027-09-30,0,,zero
                    2027-03-31,10,ou-a1b2-prod0001,
                    """);
            assertThat(MigrationSettings.defaults().milestonesCsv()).isEqualTo("day,max_console_users,scope,name\n");
        }

        @Test
        void values_with_commas_and_quotes_are_quoted_as_rfc_4180_says() throws IOException {
            MigrationSettings settings = config("""
                    {"defaultOwners": [{"owner": "Platform, \\"core\\" team"}],
                     "milestones": [{"day": "2027-03-31", "maxConsoleUsers": 5, "name": "phase 1, \\"quick\\" wins"}]}
                    """);
            assertThat(settings.settingsCsv()).endsWith("default_owner,,\"Platform, \"\"core\"\" team\"\n");
            assertThat(rows(settings.settingsCsv()).getLast()).containsExactly("default_owner", "", "Platform, \"core\" team");
            assertThat(rows(settings.milestonesCsv()).getLast()).containsExactly("2027-03-31", "5", "", "phase 1, \"quick\" wins");
        }

        @Test
        void the_csvs_read_back_as_the_same_settings() throws IOException {
            MigrationSettings settings = config("""
                    {"idleDays": 45, "userEmailTag": "Email", "userOwnerTag": "team", "accountOwnerTag": "cost-owner",
                     "defaultOwners": [{"scope": "ou-a1b2-prod0001", "owner": "prod, \\"ops\\""}, {"owner": "cloud@example.com"}],
                     "milestones": [{"day": "2027-03-31", "maxConsoleUsers": 100, "name": "under 100, first"},
                                    {"day": "2027-06-30", "maxConsoleUsers": 0, "scope": "123456789012"}]}
                    """);

            MigrationSettings back = MigrationSettings.parseSettingsCsv("migration-settings.csv",
                            new StringReader(settings.settingsCsv()))
                    .withMilestones(MigrationSettings.parseMilestonesCsv("milestones.csv", new StringReader(settings.milestonesCsv())));

            assertThat(back).isEqualTo(settings);
        }

        @Test
        void a_data_folder_holds_the_files_at_their_bucket_keys_and_absent_files_mean_the_defaults(@TempDir Path dir)
                throws IOException {
            assertThat(MigrationSettings.read(dir)).isEqualTo(MigrationSettings.defaults());

            MigrationSettings settings = config(EXAMPLE);
            settings.write(dir);

            assertThat(dir.resolve("migration-settings/migration-settings.csv")).hasContent(settings.settingsCsv().strip());
            assertThat(dir.resolve("milestones/milestones.csv")).hasContent(settings.milestonesCsv().strip());
            assertThat(MigrationSettings.read(dir)).isEqualTo(settings);

            Files.delete(dir.resolve("milestones/milestones.csv"));
            assertThat(MigrationSettings.read(dir).milestones()).isEmpty();
            assertThat(MigrationSettings.read(dir).defaultOwners()).isEqualTo(settings.defaultOwners());
        }

        @Test
        void a_settings_file_may_order_columns_freely_and_leave_settings_out() throws IOException {
            MigrationSettings settings = MigrationSettings.parseSettingsCsv("s.csv", new StringReader("""
                    \uFEFF# deployed by hand\r
                    value,setting,scope\r
                    14,idle_days,\r
                    ops@example.com,default_owner,r-a1b2\r
                    """));
            assertThat(settings.idleDays()).isEqualTo(14);
            assertThat(settings.userEmailTag()).isEqualTo("email");
            assertThat(settings.defaultOwners()).containsExactly(new DefaultOwner("r-a1b2", "ops@example.com"));
        }

        @Test
        void every_problem_of_a_settings_file_names_file_line_and_field() {
            assertThatThrownBy(() -> MigrationSettings.parseSettingsCsv("migration-settings.csv", new StringReader("""
                    setting,scope,value
                    idle_days,,0
                    idle_days,,30
                    user_email_tag,r-a1b2,email
                    user_owner_tag,,aws:owner
                    goal_reduction,,0.9
                    default_owner,123456789012,x
                    default_owner,,
                    default_owner,r-a1b2,a
                    default_owner,r-a1b2,b
                    """)))
                    .isInstanceOfSatisfying(MigrationSettingsException.class, e -> assertThat(e.problems()).containsExactly(
                            "migration-settings.csv:2: value: '0' is not a whole number of days, at least 1 -- give the idle "
                                    + "days (default 90)",
                            "migration-settings.csv:3: setting: idle_days is already set on line 2 -- keep one of lines 2 and 3",
                            "migration-settings.csv:4: scope: 'r-a1b2' is given, but user_email_tag has no scope -- leave the "
                                    + "scope empty",
                            "migration-settings.csv:5: value: 'aws:owner' starts with aws:, a prefix AWS keeps for its own "
                                    + "tags -- give the key your users or accounts are tagged with",
                            "migration-settings.csv:6: setting: 'goal_reduction' is not a setting -- use one of idle_days, "
                                    + "user_email_tag, user_owner_tag, account_owner_tag, default_owner",
                            "migration-settings.csv:7: scope: '123456789012' is not an OU ID (ou-...) or a root ID (r-...) -- "
                                    + "give the OU's or the root's ID, or leave the scope out for the organization-wide default",
                            "migration-settings.csv:8: value: is empty -- give the owner (a team or an email address)",
                            "migration-settings.csv:10: scope: the default owner of scope r-a1b2 is already set on line 9 -- "
                                    + "keep one of lines 9 and 10"));
            assertThatThrownBy(() -> MigrationSettings.parseSettingsCsv("s.csv", new StringReader("setting,value\n")))
                    .hasMessageContaining("s.csv:1: scope: is missing from the header");
        }

        @Test
        void every_problem_of_a_milestones_file_names_file_line_and_field() {
            assertThatThrownBy(() -> MigrationSettings.parseMilestonesCsv("milestones.csv", new StringReader("""
                    day,max_console_users,scope,name
                    2027-03-31,100,,first
                    2027-13-01,x,ou-bad,
                    ,5,,
                    2027-06-30,200,,
                    2027-03-31,50,,again
                    2027-03-31,10,ou-a1b2-prod0001,%s
                    """.formatted("n".repeat(65)))))
                    .isInstanceOfSatisfying(MigrationSettingsException.class, e -> assertThat(e.problems()).containsExactly(
                            "milestones.csv:3: day: '2027-13-01' is not a date -- write YYYY-MM-DD",
                            "milestones.csv:3: max_console_users: 'x' is not a whole number, 0 or more -- give the most console "
                                    + "users allowed on that day",
                            "milestones.csv:3: scope: 'ou-bad' is not an OU ID (ou-...), a root ID (r-...) or a 12-digit "
                                    + "account ID -- give one of them, or leave the scope out for the whole organization",
                            "milestones.csv:4: day: is empty -- give the milestone's day as YYYY-MM-DD",
                            "milestones.csv:5: max_console_users: 200 on 2027-06-30 is more than 100 on 2027-03-31 (line 2) "
                                    + "for the organization -- a later milestone allows at most as many console users as an "
                                    + "earlier one",
                            "milestones.csv:6: day: 2027-03-31 is already the day of line 2 for the organization -- give each "
                                    + "milestone of a scope its own day",
                            "milestones.csv:7: name: has 65 characters, more than 64 -- shorten the name"));
        }

        @Test
        void with_milestones_applies_the_configs_rules() {
            List<Milestone> rising = List.of(new Milestone(LocalDate.parse("2027-01-01"), 5, "", null),
                    new Milestone(LocalDate.parse("2027-02-01"), 6, "", null));
            assertThatThrownBy(() -> MigrationSettings.defaults().withMilestones(rising))
                    .isInstanceOfSatisfying(MigrationSettingsException.class, e -> assertThat(e.problems()).containsExactly(
                            "milestones[1].maxConsoleUsers: 6 on 2027-02-01 is more than 5 on 2027-01-01 (milestones[0]) for "
                                    + "the organization -- a later milestone allows at most as many console users as an "
                                    + "earlier one"));
        }
    }
}
