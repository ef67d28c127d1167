package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistyped flags and commands are named as unknown, with the closest names, and exit 2. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UsageErrorsTest {

    private final CliRunner cli = new CliRunner();

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void a_mistyped_option_is_unknown_not_a_missing_required_one() {
        int exit = cli.run(Map.of(), "report", "--dta", "x");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).isEqualTo(lines(
                "stocktake report: Unknown option: '--dta' (did you mean --data?)",
                "See 'stocktake report --help'."));
        assertThat(cli.out.toString()).isEmpty();
    }

    @Test
    void a_mistyped_option_with_its_value_attached_is_named_without_the_value(@TempDir Path data) {
        int exit = cli.run(Map.of(), "report", "--data", data.toString(), "--ot=elsewhere");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("stocktake report: Unknown option: '--ot' (did you mean --out?)");
    }

    @Test
    void a_mistyped_command_is_unknown_with_the_closest_command() {
        int exit = cli.run(Map.of(), "colect");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).isEqualTo(lines(
                "stocktake: Unknown command: 'colect' (did you mean collect?)",
                "See 'stocktake --help'."));
    }

    @Test
    void a_mistyped_subcommand_is_unknown_with_the_closest_one() {
        int exit = cli.run(Map.of(), "allowlist", "chek");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("stocktake allowlist: Unknown command: 'chek' (did you mean check?)");
    }

    @Test
    void an_option_like_no_other_gets_no_suggestion() {
        int exit = cli.run(Map.of(), "todo", "--frobnicate");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).isEqualTo(lines(
                "stocktake todo: Unknown option: '--frobnicate'",
                "See 'stocktake todo --help'."));
    }

    @Test
    void a_stray_argument_is_unexpected(@TempDir Path data) {
        int exit = cli.run(Map.of(), "report", "--data", data.toString(), "extra");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("stocktake report: Unexpected argument: 'extra'");
    }

    @Test
    void a_missing_required_option_is_still_named_as_missing() {
        int exit = cli.run(Map.of(), "import", "--to", "somewhere");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err.toString()).isEqualTo(lines(
                "stocktake import: Missing required option: '--from=DIR|s3://BUCKET/PREFIX'",
                "See 'stocktake import --help'."));
    }

    @Test
    void suggestions_allow_a_letter_missing_added_changed_or_two_swapped() {
        List<String> options = List.of("--data", "--day", "--out", "--format", "--owner", "--help", "--version");

        assertThat(Suggestions.closest("--dta", options)).containsExactly("--data");
        assertThat(Suggestions.closest("--datta", options)).containsExactly("--data");
        assertThat(Suggestions.closest("--fromat", options)).containsExactly("--format");
        assertThat(Suggestions.closest("--dat", options)).containsExactly("--data", "--day");
        assertThat(Suggestions.closest("--verbose", options)).isEmpty();
        assertThat(Suggestions.closest("-x", List.of("-e", "-h", "-V"))).isEmpty();
    }
}
