package dev.stocktake.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityMappingTest {

    private static IdentityMapping parse(String csv) {
        try {
            return IdentityMapping.parse("identity-mapping.csv", new StringReader(csv));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The problems the file gets, as printed. */
    private static List<String> problemsOf(String csv) {
        try {
            parse(csv);
        } catch (IdentityMappingException e) {
            return e.messages();
        }
        throw new AssertionError("expected the mapping to be refused:\n" + csv);
    }

    @Nested
    class Looking_up {

        private final IdentityMapping mapping = parse("""
                # legacy names
                account,iam_user,identity_center_user,reason
                *,jdoe-legacy,jane.doe@example.com,"Jane's pre-2020 user; decided by security (SEC-12)"
                111122223333,jdoe-legacy,jane.d@example.com,Payments account: the contractor Jane D. (OPS-3)
                444455556666,svc.deploy,ops-lead@example.com,The deploy user is run by the ops lead
                """);

        @Test
        void an_account_id_line_beats_the_star_line_for_the_same_user() {
            assertThat(mapping.personFor("111122223333", "jdoe-legacy")).hasValue("jane.d@example.com");
            assertThat(mapping.entryFor("111122223333", "jdoe-legacy")).get().extracting(IdentityMappingEntry::line).isEqualTo(4);
        }

        @Test
        void the_star_line_maps_the_user_in_every_other_account() {
            assertThat(mapping.personFor("999988887777", "jdoe-legacy")).hasValue("jane.doe@example.com");
            assertThat(mapping.entryFor("999988887777", "jdoe-legacy")).get().matches(IdentityMappingEntry::isEveryAccount);
        }

        @Test
        void an_id_line_maps_only_its_account_and_names_are_exact() {
            assertThat(mapping.personFor("444455556666", "svc.deploy")).hasValue("ops-lead@example.com");
            assertThat(mapping.personFor("111122223333", "svc.deploy")).isEmpty();
            assertThat(mapping.personFor("444455556666", "SVC.deploy")).isEmpty();
            assertThat(mapping.personFor("999988887777", "jdoe")).isEmpty();
        }

        @Test
        void the_lookup_does_not_depend_on_the_order_of_lines() {
            IdentityMapping reversed = parse("""
                    account,iam_user,identity_center_user,reason
                    111122223333,jdoe-legacy,jane.d@example.com,r
                    *,jdoe-legacy,jane.doe@example.com,r
                    """);
            assertThat(reversed.personFor("111122223333", "jdoe-legacy")).hasValue("jane.d@example.com");
            assertThat(reversed.personFor("222233334444", "jdoe-legacy")).hasValue("jane.doe@example.com");
        }

        @Test
        void the_empty_mapping_maps_nobody() {
            assertThat(IdentityMapping.empty().personFor("111122223333", "jdoe-legacy")).isEmpty();
            assertThat(parse("account,iam_user,identity_center_user,reason\n").entries()).isEmpty();
        }
    }

    @Nested
    class Reading {

        @Test
        void the_header_may_name_the_columns_in_any_order_and_values_follow_their_column() {
            IdentityMapping mapping = parse("""
                    reason,identity_center_user,account,iam_user
                    Legacy name,alice@example.com,111122223333,alice-old
                    """);
            assertThat(mapping.entries()).containsExactly(
                    new IdentityMappingEntry(2, "111122223333", "alice-old", "alice@example.com", "Legacy name"));
        }

        @Test
        void a_quoted_first_value_starting_with_a_hash_is_a_value_not_a_comment() {
            IdentityMapping mapping = parse("""
                    reason,account,iam_user,identity_center_user
                    "#1 on the list, per security",*,alice-old,alice@example.com
                    # this one is a comment
                    """);
            assertThat(mapping.entries()).extracting(IdentityMappingEntry::reason).containsExactly("#1 on the list, per security");
        }

        @Test
        void a_bom_crlf_comments_blank_lines_and_quoted_commas_and_quotes_are_read() {
            IdentityMapping mapping = parse("\uFEFF# people whose IAM user has another name\r\n"
                    + "account,iam_user,identity_center_user,reason\r\n"
                    + "\r\n"
                    + "# a comment between entries, with, commas\r\n"
                    + "*,bob,\"Bob, the Builder\",\"Decided by \"\"ops\"\", see OPS-1\"\r\n");
            assertThat(mapping.entries()).containsExactly(
                    new IdentityMappingEntry(5, "*", "bob", "Bob, the Builder", "Decided by \"ops\", see OPS-1"));
        }

        @Test
        void parse_of_a_path_reads_the_file_and_names_it_in_problems(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("mapping.csv");
            Files.writeString(file, "account,iam_user,identity_center_user,reason\n*,alice,alice@example.com,r\n");
            assertThat(IdentityMapping.parse(file).personFor("111122223333", "alice")).hasValue("alice@example.com");

            Files.writeString(file, "account,iam_user,identity_center_user,reason\n*,alice,alice@example.com,\n");
            assertThatThrownBy(() -> IdentityMapping.parse(file))
                    .isInstanceOfSatisfying(IdentityMappingException.class, e -> assertThat(e.messages()).containsExactly(
                            file + ":2: reason: is empty -- say who decided this mapping and why"))
                    .hasMessageStartingWith(file + " is not a valid identity mapping (1 problem):");
        }

        @Test
        void a_file_that_is_not_utf_8_is_refused(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("latin1.csv");
            Files.write(file, "account,iam_user,identity_center_user,reason\n*,j,Jos\u00e9,r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThatThrownBy(() -> IdentityMapping.parse(file))
                    .isInstanceOfSatisfying(IdentityMappingException.class, e -> assertThat(e.messages()).containsExactly(
                            file + ": is not UTF-8 text -- save the file as UTF-8"));
        }

        /** The table reads columns by position: the deployable form puts them in the contract's order. */
        @Test
        void csv_writes_the_header_in_the_tables_order_without_comments_and_reads_back_the_same_entries() throws IOException {
            IdentityMapping mapping = parse("""
                    # comment
                    reason,iam_user,identity_center_user,account
                    "Legacy, from 2019",alice-old,alice@example.com,111122223333
                    r,bob,"Bob ""B"" Builder",*
                    """);
            String csv = mapping.csv();
            assertThat(csv).isEqualTo("""
                    account,iam_user,identity_center_user,reason
                    111122223333,alice-old,alice@example.com,"Legacy, from 2019"
                    *,bob,"Bob ""B"" Builder",r
                    """);
            // an independent reader (Jackson's CSV mapper) sees the same values in the table's column order
            try (MappingIterator<List<String>> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .readerForListOf(String.class).readValues(csv)) {
                assertThat(rows.readAll()).containsExactly(
                        List.of("account", "iam_user", "identity_center_user", "reason"),
                        List.of("111122223333", "alice-old", "alice@example.com", "Legacy, from 2019"),
                        List.of("*", "bob", "Bob \"B\" Builder", "r"));
            }
            assertThat(parse(csv).entries()).extracting(IdentityMappingEntry::identityCenterUser)
                    .containsExactly("alice@example.com", "Bob \"B\" Builder");
        }

        @Test
        void the_mapping_shipped_in_the_repository_is_valid() throws IOException {
            IdentityMapping shipped = IdentityMapping.parse(Path.of("identity-mapping.csv"));
            assertThat(shipped.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.reason()).isNotBlank());
        }
    }

    @Nested
    class Validating {

        private static final String HEADER = "account,iam_user,identity_center_user,reason\n";

        @Test
        void reports_every_problem_of_every_line_with_file_line_field_and_what_to_do() {
            assertThat(problemsOf(HEADER + """
                    11112222333,alice,alice@example.com,r
                    payments-prd,bob,bob@example.com,r
                    ,carol,carol@example.com,r
                    *,,dave@example.com,
                    *,vendor-*,x@example.com,r
                    *,erin,,r
                    *,frank," frank@example.com",r
                    """)).containsExactly(
                    "identity-mapping.csv:2: account: '11112222333' has 11 digits, not 12 -- write the account ID with all 12 "
                            + "digits, leading zeros included",
                    "identity-mapping.csv:3: account: 'payments-prd' is not a 12-digit account ID or * -- give the account's "
                            + "ID (not its name), or * for every account",
                    "identity-mapping.csv:4: account: is empty -- give a 12-digit account ID, or * for every account",
                    "identity-mapping.csv:5: iam_user: is empty -- give the IAM user's exact name",
                    "identity-mapping.csv:5: reason: is empty -- say who decided this mapping and why",
                    "identity-mapping.csv:6: iam_user: 'vendor-*' is not an IAM user name -- give the exact name: 1 to 64 "
                            + "letters, digits and + = , . @ _ - (no wildcards)",
                    "identity-mapping.csv:7: identity_center_user: is empty -- give the person's Identity Center user name",
                    "identity-mapping.csv:8: identity_center_user: ' frank@example.com' has a leading or trailing space -- "
                            + "remove it: Identity Center user names have none");
        }

        @Test
        void an_iam_user_name_longer_than_64_and_a_person_longer_than_128_are_refused() {
            String user65 = "u".repeat(65);
            String person129 = "p".repeat(129);
            assertThat(problemsOf(HEADER + "*," + "u".repeat(64) + "," + "p".repeat(128) + ",r\n*," + user65 + ",p,r\n*,x,"
                    + person129 + ",r\n*,y,\"a\tb\",r\n")).containsExactly(
                    "identity-mapping.csv:3: iam_user: '" + user65 + "' is not an IAM user name -- give the exact name: 1 to "
                            + "64 letters, digits and + = , . @ _ - (no wildcards)",
                    "identity-mapping.csv:4: identity_center_user: has 129 characters, more than 128 -- give the person's "
                            + "Identity Center user name (at most 128 characters)",
                    "identity-mapping.csv:5: identity_center_user: holds a control character (a tab?) -- give the person's "
                            + "Identity Center user name as Identity Center shows it");
        }

        @Test
        void the_same_account_and_user_twice_names_both_lines() {
            assertThat(problemsOf(HEADER + """
                    *,alice,alice@example.com,r
                    111122223333,alice,alice@example.com,r
                    # a comment
                    *,alice,alice2@example.com,r
                    """)).containsExactly(
                    "identity-mapping.csv:5: iam_user: account '*' and IAM user 'alice' are already mapped on line 2 -- keep "
                            + "one of lines 2 and 5");
        }

        @Test
        void a_header_missing_a_column_or_naming_an_unknown_or_repeated_one_is_explained_per_column() {
            assertThat(problemsOf("account,user,identity_center_user,reason\n*,a,b,c\n")).containsExactly(
                    "identity-mapping.csv:1: user: is not a column of this file -- the header names exactly the columns "
                            + "account,iam_user,identity_center_user,reason (any order)",
                    "identity-mapping.csv:1: iam_user: is missing from the header -- the header names exactly the columns "
                            + "account,iam_user,identity_center_user,reason (any order)");
            assertThat(problemsOf("# only a comment\naccount,iam_user,identity_center_user,reason,account\n")).containsExactly(
                    "identity-mapping.csv:2: account: appears twice in the header -- name each column once");
            assertThat(problemsOf("# nothing but comments\n\n")).containsExactly(
                    "identity-mapping.csv: has no header -- start the file with the header line "
                            + "account,iam_user,identity_center_user,reason");
        }

        @Test
        void a_wrong_field_count_an_open_quote_and_a_stray_quote_name_their_line() {
            assertThat(problemsOf(HEADER + "*,alice,alice@example.com\n*,bob,b,r\n")).containsExactly(
                    "identity-mapping.csv:2: has 3 fields, the header 4 -- give one value per column (empty for none) and "
                            + "quote a value that holds a comma");
            assertThat(problemsOf(HEADER + "*,bob,b,r\n*,alice,alice@example.com,\"open\n")).containsExactly(
                    "identity-mapping.csv:3: a quoted field is never closed -- close the quote (and double every quote "
                            + "inside a quoted field)");
            assertThat(problemsOf(HEADER + "*,bob,b,r\n*,alice,Alice \"A\" L,r\n")).containsExactly(
                    "identity-mapping.csv:3: a quote in the middle of an unquoted field -- quote the whole field and double "
                            + "the quotes inside it");
        }

        /** Athena's OpenCSV SerDe reads the deployed file line by line and takes \ as an escape character. */
        @Test
        void line_breaks_and_backslashes_that_athena_would_misread_are_refused() {
            assertThat(problemsOf("# a comment, \"with a quoted\nline break\"\n" + HEADER
                    + "*,alice,alice@example.com,\"two\nlines\"\n*,bob,DOMAIN\\bob,r\n")).containsExactly(
                    "identity-mapping.csv:1: a comment holds a quoted line break, and Athena reads the file line by line -- "
                            + "keep each comment on one line",
                    "identity-mapping.csv:4: reason: holds a line break, and Athena reads one entry per line -- keep each "
                            + "entry on one line",
                    "identity-mapping.csv:6: identity_center_user: holds a backslash (\\), which Athena's CSV reader takes "
                            + "for an escape character -- write it another way (e.g. with /)");
        }

        @Test
        void the_exception_lists_every_problem_under_the_files_name() {
            assertThatThrownBy(() -> parse(HEADER + "*,,x,r\n*,y,,r\n"))
                    .isInstanceOfSatisfying(IdentityMappingException.class, e -> {
                        assertThat(e.file()).isEqualTo("identity-mapping.csv");
                        assertThat(e.problems()).extracting(IdentityMappingException.Problem::line,
                                        IdentityMappingException.Problem::field)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "iam_user"),
                                        org.assertj.core.groups.Tuple.tuple(3, "identity_center_user"));
                    })
                    .hasMessage("identity-mapping.csv is not a valid identity mapping (2 problems):\n"
                            + "  identity-mapping.csv:2: iam_user: is empty -- give the IAM user's exact name\n"
                            + "  identity-mapping.csv:3: identity_center_user: is empty -- give the person's Identity Center "
                            + "user name");
        }
    }
}
