package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MappingCommandTest {

    private final CliRunner cli = new CliRunner();

    @Test
    void a_valid_mapping_prints_its_entry_count(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("identity-mapping.csv");
        Files.writeString(file, """
                # legacy names
                iam_user,account,identity_center_user,reason
                jdoe-legacy,*,jane.doe@example.com,"Decided by security, SEC-12"
                svc.deploy,111122223333,ops-lead@example.com,The ops lead runs it
                legacy-bob,444455556666,bob@example.com,HR confirmed
                """);

        int exit = cli.run(Map.of(), "mapping", "check", file.toString());

        assertThat(exit).isZero();
        assertThat(cli.out.toString()).isEqualTo(file + ": valid, 3 entries (1 for every account, 2 for one account)\n");
        assertThat(cli.err.toString()).isEmpty();
    }

    @Test
    void an_invalid_mapping_exits_2_and_prints_every_problem_with_file_line_and_field(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("identity-mapping.csv");
        Files.writeString(file, """
                account,iam_user,identity_center_user,reason
                payments,alice,alice@example.com,
                *,bob,bob@example.com,r
                *,bob,robert@example.com,r
                """);

        int exit = cli.run(Map.of(), "mapping", "check", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.out.toString()).isEmpty();
        assertThat(cli.err.toString()).isEqualTo(file + " is not a valid identity mapping (3 problems):\n"
                + "  " + file + ":2: account: 'payments' is not a 12-digit account ID or * -- give the account's ID (not its "
                + "name), or * for every account\n"
                + "  " + file + ":2: reason: is empty -- say who decided this mapping and why\n"
                + "  " + file + ":4: iam_user: account '*' and IAM user 'bob' are already mapped on line 3 -- keep one of "
                + "lines 3 and 4\n");
    }

    @Test
    void a_file_that_is_not_utf_8_exits_2(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("identity-mapping.csv");
        Files.write(file, "account,iam_user,identity_center_user,reason\n*,jose,Jos\u00e9,r\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(cli.run(Map.of(), "mapping", "check", file.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains(file + ": is not UTF-8 text -- save the file as UTF-8");
    }

    @Test
    void a_missing_file_exits_2_naming_it(@TempDir Path dir) {
        int exit = cli.run(Map.of(), "mapping", "check", dir.resolve("nope.csv").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).contains("stocktake mapping check: " + dir.resolve("nope.csv") + " does not exist");
    }

    @Test
    void a_directory_instead_of_a_file_exits_2_saying_it_cannot_be_read(@TempDir Path dir) {
        int exit = cli.run(Map.of(), "mapping", "check", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("stocktake mapping check: cannot read " + dir + ": ");
    }

    @Test
    void the_repository_file_is_valid() {
        // the cli module's tests run in cli/, the command's default is relative to the repository root
        Path repositoryFile = Path.of("..", "allowlist", "identity-mapping.csv");
        assertThat(repositoryFile).exists();

        int exit = cli.run(Map.of(), "mapping", "check", repositoryFile.toString());

        assertThat(exit).isZero();
        assertThat(cli.out.toString()).contains(": valid, 2 entries (1 for every account, 1 for one account)");
    }

    @Test
    void the_default_file_is_the_repository_file_and_the_command_is_listed() {
        assertThat(cli.run(Map.of(), "mapping", "check", "--help")).isZero();
        assertThat(cli.out.toString()).contains("default allowlist/identity-mapping.csv").contains("2   not valid");
        assertThat(cli.run(Map.of(), "--help")).isZero();
        assertThat(cli.out.toString()).contains("mapping");
    }
}
