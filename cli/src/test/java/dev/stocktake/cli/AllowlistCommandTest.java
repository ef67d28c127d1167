package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AllowlistCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StocktakeCommand.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void a_valid_list_passes_and_names_expired_and_expiring_entries_with_their_owner(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("allowlist.csv");
        Files.writeString(file, """
                account,user,credentials,owner,reason,ticket,expires
                111122223333,vendor,access-keys,ops@example.com,Vendor takes keys only,OPS-1,2026-11-01
                *,break-glass,console,security@example.com,Emergency access,SEC-1,2026-12-10
                *,ci-*,access-keys,platform@example.com,CI,,2027-12-31
                """);

        int exit = run("allowlist", "check", file.toString(), "--today", "2026-11-28");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("valid, 3 entries")
                .contains("expired on 2026-11-01 (line 2): account 111122223333, user vendor; owner ops@example.com")
                .contains("expires on 2026-12-10 (line 3): account *, user break-glass; owner security@example.com")
                .doesNotContain("ci-*");
    }

    @Test
    void an_invalid_list_exits_2_naming_line_and_field(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("allowlist.csv");
        Files.writeString(file, "account,user,credentials,owner,reason,ticket,expires\n*,vendor,both,,Vendor,,2027-02-30\n");

        int exit = run("allowlist", "check", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("line 2, field 'owner': is empty")
                .contains("line 2, field 'expires': '2027-02-30' is not a date");
    }

    @Test
    void a_missing_file_is_named(@TempDir Path dir) {
        int exit = run("allowlist", "check", dir.resolve("nope.csv").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("nope.csv does not exist");
    }
}
