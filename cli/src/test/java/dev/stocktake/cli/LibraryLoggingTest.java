package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;

/**
 * The libraries behind the CLI (the AWS SDK, Trino and its dependencies) log through one SLF4J provider and one
 * java.util.logging set-up: no "multiple providers" warnings, no INFO lines, on any command. Run as a process, as
 * SLF4J picks its provider once per JVM. {@code collect} (the AWS SDK) is covered by {@link AwsCredentialsTest}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LibraryLoggingTest {

    @Test
    void a_query_on_the_embedded_trino_prints_its_result_and_nothing_else(@TempDir Path home, @TempDir Path data)
            throws Exception {
        Path day = Files.createDirectories(data.resolve("2026/03/01"));
        Files.write(day.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        Map<String, String> env = CliProcess.bareEnvironment(home);

        CliProcess.Run run = CliProcess.run(env, "sql", "--data", data.toString(), "--format", "csv",
                "-e", "select count(*) as report_rows from credential_reports");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("report_rows");
        assertThat(run.stderr()).doesNotContain("SLF4J").doesNotContain("INFO").doesNotContain("log4j");
    }
}
