package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;


import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;

@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CollectCommandTest {

    private final CliRunner cli = new CliRunner();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(Map<String, String> env, String... args) {
        return cli.run(env, args);
    }

    @Test
    void emulator_run_collects_every_seeded_account_and_copies_the_bucket_locally(Emulator emulator, @TempDir Path dir)
            throws IOException {
        int exit = run(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString()),
                "collect", "--emulator", "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        Path folder = dir.resolve("credential-reports").resolve(day);
        List<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // One key per account per day, <encoded name>@<account id>.csv: the two accounts named payments-prd both stored.
        assertThat(files).hasSize(4).allMatch(name -> name.matches(".+@\\d{12}\\.csv"));
        assertThat(files).filteredOn(name -> name.startsWith("payments-prd@")).hasSize(2);
        String stg = files.stream().filter(name -> name.startsWith("data%20platform%2Fstg@")).findFirst().orElseThrow();
        assertThat(files).anyMatch(name -> name.startsWith("sandbox%20%233@"));
        assertThat(Files.readString(folder.resolve(stg), StandardCharsets.UTF_8))
                .startsWith("user,arn,").contains(":user/services/etl+batch@data,");
        assertThat(out.toString())
                .contains("Seeded organization o-")
                .contains("Stored s3://stocktake-reports/credential-reports/" + day + "/payments-prd@")
                .contains("new today")
                .contains("Reports copied to " + dir.toAbsolutePath().resolve("credential-reports"));
    }

    @Test
    void missing_configuration_exits_2_naming_the_variable() {
        int exit = run(Map.of("PATH", System.getenv("PATH")), "collect");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("REPORT_BUCKET is not set").contains("--help");
    }

    @Test
    void a_malformed_flag_value_exits_2_naming_the_variable_it_overrides() {
        int exit = run(Map.of("REPORT_BUCKET", "b-u-c-k-e-t"), "collect",
                "--management-role-arn", "arn:aws:iam::111122223333:role/stocktake-org-read", "--time-zone", "Mars/Base");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("REPORT_TIME_ZONE='Mars/Base' is not a time zone");
    }

    @Test
    void without_any_emulator_the_run_says_how_to_install_one(@TempDir Path emptyPath) {
        int exit = run(Map.of("PATH", emptyPath.toString()), "collect", "--emulator", "--out", emptyPath.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("No local AWS emulator found")
                .contains("pip install 'moto[server]==5.2.1'")
                .contains("AWS_ENDPOINT_URL");
    }

    @Test
    void help_lists_the_commands() {
        int exit = run(Map.of(), "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("collect");
    }
}
