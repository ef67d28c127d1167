package dev.stocktake.sql.engine;

import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.JournalFixture;
import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.compaction.CompactionException;
import dev.stocktake.sql.compaction.CompactionSql;
import dev.stocktake.sql.compaction.CompactionState;
import dev.stocktake.sql.compaction.CompactionStateStore;
import dev.stocktake.sql.compaction.Compactor;
import dev.stocktake.sql.compaction.FolderCompactedFiles;
import dev.stocktake.sql.compaction.FolderReportFiles;
import dev.stocktake.sql.compaction.SqlRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compaction on the embedded Trino: the job's own statements copy finished months into the Parquet table, and
 * every shipped view returns exactly the rows it returned from the CSVs alone, while compacted days are read from
 * Parquet only and a {@code dt} filter still prunes both branches of {@code report_rows}.
 *
 * <p>Data: {@link SinglePassViewsTest.ChurnReports} (users coming and going, re-runs where the older file must lose)
 * for 4 accounts from 2026-01-01 to 2026-03-16, an account directory, an allowlist, a milestone and a quarantine's
 * remediation journal; the clock stands on 2026-03-16,
 * so January and February are finished and March is not.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompactionTest {

    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    static final LocalDate TODAY = LocalDate.of(2026, 3, 16);
    static final Clock CLOCK = Clock.fixed(TODAY.atTime(4, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    static final String SHIPPED_VIEW = SqlCatalog.shipped().view(CompactionSql.VIEW).orElseThrow().statement();

    @TempDir
    static Path data;

    static Path reports;
    static LocalAthena athena;
    /** Every view's rows (sorted text) before any compaction: what the CSVs alone give. */
    static Map<String, List<String>> fromCsv;

    final CompactionStateStore state = CompactionStateStore.inMemory();

    @BeforeAll
    static void start() throws IOException {
        reports = data.resolve("credential-reports");
        SinglePassViewsTest.ChurnReports.write(reports, FIRST_DAY, (int) (TODAY.toEpochDay() - FIRST_DAY.toEpochDay()) + 1);
        writeDirectory(LocalDate.of(2026, 1, 1));
        writeDirectory(LocalDate.of(2026, 2, 14));
        Files.createDirectories(data.resolve("allowlist"));
        Files.writeString(data.resolve("allowlist/allowlist.csv"), """
                account,user,credentials,owner,reason,ticket,expires
                acct-0,user-1,both,one@example.com,Break-glass,T-1,2026-02-10
                900000000002,user-*,console,two@example.com,Console team,T-2,2027-01-01
                *,ops+bot=x.y@corp_z-1,access-keys,bots@example.com,The bot,,2027-01-01
                """);
        // an organization milestone not met yet, so milestone_progress and milestone_blockers have rows too
        Files.createDirectories(data.resolve("milestones"));
        Files.writeString(data.resolve("milestones/milestones.csv"), """
                day,max_console_users,scope,name
                2026-06-30,0,,zero
                """);
        // a quarantine by stocktake remediate in the unfinished month, so the remediation views have rows too
        new JournalFixture(data, "arn:aws:sts::900000000009:assumed-role/admin/ops")
                .step("q-20260310-aaaaaa", "001-delete-password", Action.DELETE_LOGIN_PROFILE, "900000000001", "user-1",
                        "2026-03-10T09:00:00Z", true)
                .step("q-20260310-aaaaaa", "002-deny-all", Action.ATTACH_DENY_POLICY, "900000000001", "user-1",
                        "2026-03-10T09:00:00Z", true);
        athena = LocalAthena.start(reports);
        fromCsv = allViews();
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    @BeforeEach
    void shippedView() {
        // every test starts from a fresh deployment: nothing compacted, the view as shipped, no Parquet files
        athena.execute("<test>", CompactionSql.reportRowsView(SHIPPED_VIEW, Optional.empty()));
        new FolderCompactedFiles(athena.compactedRoot()).deleteDays(FIRST_DAY, TODAY);
    }

    @Test
    @Order(1)
    void the_fixture_has_rows_in_every_view_and_no_compacted_row() {
        assertThat(fromCsv).containsKeys("iam_users", "daily_counts", "coverage", "missing_reports", "allowlist_findings");
        fromCsv.forEach((view, rows) -> assertThat(rows).as(view).isNotEmpty());
        assertThat(count("select count(*) from report_rows_compacted")).isZero();
    }

    @Test
    void a_run_compacts_the_finished_months_and_every_view_returns_the_same_rows() {
        Compactor.Result result = compactor(new FolderCompactedFiles(athena.compactedRoot())).run(() -> true);

        assertThat(result.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-01", "2026-02");
        assertThat(result.compactedThrough()).contains(LocalDate.of(2026, 2, 28));
        assertThat(result.pending()).isEmpty();
        long csvRows = count("select count(*) from credential_reports where dt <= '2026/02/28'");
        assertThat(result.compacted().stream().mapToLong(CompactionState.Month::rows).sum()).isEqualTo(csvRows);
        assertThat(count("select count(*) from report_rows_compacted")).isEqualTo(csvRows);
        assertThat(viewBoundary()).isEqualTo("2026/02/28");
        assertThat(state.read()).isPresent();

        assertThat(allViews()).isEqualTo(fromCsv);
    }

    @Test
    void after_a_run_the_views_read_compacted_days_from_parquet_only() {
        compactor(new FolderCompactedFiles(athena.compactedRoot())).run(() -> true);

        // the CSVs of January and February moved away: the views must not notice
        Path aside = data.resolve("aside");
        moveMonths(reports, aside);
        try {
            assertThat(allViews()).isEqualTo(fromCsv);
        } finally {
            moveMonths(aside, reports);
        }
    }

    @Test
    void a_dt_filter_prunes_both_branches() {
        compactor(new FolderCompactedFiles(athena.compactedRoot())).run(() -> true);

        LocalDate compactedDay = LocalDate.of(2026, 1, 15);
        QueryResult oneCompactedDay = athena.execute("<test>",
                "select count(*) from iam_users where dt = date '2026-01-15'");
        assertThat(oneCompactedDay.physicalInputBytes()).isPositive()
                .isLessThanOrEqualTo(parquetBytes(compactedDay));

        QueryResult oneCsvDay = athena.execute("<test>", "select count(*) from iam_users where dt = date '2026-03-10'");
        assertThat(oneCsvDay.physicalInputBytes()).isEqualTo(SinglePassViewsTest.sizeOfDays(reports,
                LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10)));

        QueryResult lastWeek = athena.execute("<test>",
                "select * from daily_counts where dt >= date '2026-02-23'");
        long expected = SinglePassViewsTest.sizeOfDays(reports, LocalDate.of(2026, 3, 1), TODAY);
        for (LocalDate day = LocalDate.of(2026, 2, 23); day.isBefore(LocalDate.of(2026, 3, 1)); day = day.plusDays(1)) {
            expected += parquetBytes(day);
        }
        assertThat(lastWeek.physicalInputBytes()).isPositive().isLessThanOrEqualTo(expected);
    }

    @Test
    void a_second_run_finds_nothing_to_do_and_copies_nothing_twice() {
        Compactor compactor = compactor(new FolderCompactedFiles(athena.compactedRoot()));
        compactor.run(() -> true);
        long copied = count("select count(*) from report_rows_compacted");

        Compactor.Result again = compactor.run(() -> true);

        assertThat(again.compacted()).isEmpty();
        assertThat(again.compactedThrough()).contains(LocalDate.of(2026, 2, 28));
        assertThat(count("select count(*) from report_rows_compacted")).isEqualTo(copied);
        assertThat(baseViews()).isEqualTo(baseViewsFromCsv());
    }

    @Test
    void a_run_restores_the_boundary_after_a_deployment_recreated_the_view_as_shipped() {
        Compactor compactor = compactor(new FolderCompactedFiles(athena.compactedRoot()));
        compactor.run(() -> true);
        athena.execute("<deployment>", SHIPPED_VIEW);
        assertThat(viewBoundary()).isEqualTo("1970/01/01");
        assertThat(baseViews()).as("as shipped, everything from the CSVs").isEqualTo(baseViewsFromCsv());

        compactor.run(() -> true);

        assertThat(viewBoundary()).isEqualTo("2026/02/28");
    }

    @Test
    void a_run_out_of_budget_compacts_the_oldest_month_and_leaves_the_rest_for_the_next_run() {
        Compactor compactor = compactor(new FolderCompactedFiles(athena.compactedRoot()));
        AtomicInteger months = new AtomicInteger();

        Compactor.Result first = compactor.run(() -> months.getAndIncrement() < 1);

        assertThat(first.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-01");
        assertThat(first.pending()).containsExactly(YearMonth.of(2026, 2));
        assertThat(first.compactedThrough()).contains(LocalDate.of(2026, 1, 31));
        assertThat(viewBoundary()).isEqualTo("2026/01/31");
        assertThat(baseViews()).isEqualTo(baseViewsFromCsv());

        Compactor.Result second = compactor.run(() -> true);
        assertThat(second.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-02");
        assertThat(second.compactedThrough()).contains(LocalDate.of(2026, 2, 28));
    }

    @Test
    void a_copy_that_does_not_match_the_csvs_is_deleted_and_the_month_stays_on_the_csvs() {
        Compactor good = compactor(new FolderCompactedFiles(athena.compactedRoot()));
        good.run(() -> true);
        // a store that cannot delete: the copy of February lands on top of the first one and doubles its rows
        Compactor cannotDelete = compactor((first, last) -> 0);

        assertThatThrownBy(() -> cannotDelete.recompact(YearMonth.of(2026, 2)))
                .isInstanceOf(CompactionException.class)
                .hasMessageContaining("the Parquet copy of 2026-02 does not match its CSVs")
                .hasMessageContaining("2026/02/01: CSV ")
                .hasMessageContaining("report_rows reads 2026-02 from the CSVs");

        assertThat(viewBoundary()).isEqualTo("2026/01/31");
        assertThat(state.read().orElseThrow().contains(YearMonth.of(2026, 2))).isFalse();
        assertThat(baseViews()).as("the doubled copy is past the boundary: not read").isEqualTo(baseViewsFromCsv());

        Compactor.Result healed = good.run(() -> true);
        assertThat(healed.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-02");
        assertThat(count("select count(*) from report_rows_compacted"))
                .isEqualTo(count("select count(*) from credential_reports where dt <= '2026/02/28'"));
        assertThat(baseViews()).isEqualTo(baseViewsFromCsv());
    }

    @Test
    void a_failed_copy_leaves_no_files_behind_and_the_boundary_where_it_was() {
        FolderCompactedFiles files = new FolderCompactedFiles(athena.compactedRoot());
        AtomicInteger months = new AtomicInteger();
        compactor(files).run(() -> months.getAndIncrement() < 1);
        SqlRunner failingCopy = (name, sql) -> {
            if (name.equals("copy 2026-02")) {
                runner().run(name, sql); // the engine wrote the files, then the query "failed"
                throw new IllegalStateException("HIVE_WRITER_CLOSE_ERROR: simulated");
            }
            return runner().run(name, sql);
        };
        Compactor compactor = new Compactor(failingCopy, files, state, SHIPPED_VIEW, FIRST_DAY, 2, CLOCK);

        assertThatThrownBy(() -> compactor.run(() -> true))
                .isInstanceOf(CompactionException.class)
                .hasMessageContaining("copying 2026-02 to Parquet failed: HIVE_WRITER_CLOSE_ERROR: simulated")
                .hasMessageMatching("(?s).*Its partial copy \\([1-9][0-9]* file\\(s\\)\\) was deleted.*");

        assertThat(count("select count(*) from report_rows_compacted where dt > '2026/01/31'")).isZero();
        assertThat(viewBoundary()).isEqualTo("2026/01/31");
        assertThat(state.read().orElseThrow().months()).extracting(CompactionState.Month::month).containsExactly("2026-01");
    }

    @Test
    void a_late_csv_in_a_compacted_month_is_found_by_the_next_run_and_the_month_copied_again() throws IOException {
        Compactor compactor = new Compactor(runner(), new FolderCompactedFiles(athena.compactedRoot()), state,
                new FolderReportFiles(reports), SHIPPED_VIEW, FIRST_DAY, 2, CLOCK);
        assertThat(compactor.run(() -> true).late()).isEmpty();
        // a collector re-run for acct-1 on 2026-02-10, written after the copy (the clock stands at 04:30): newer, so it
        // wins that day
        Path late = reports.resolve("2026/02/10/acct-1@900000000001.csv");
        Files.writeString(late, SinglePassViewsTest.ChurnReports.HEADER + "\n"
                + "late-user,arn:aws:iam::900000000001:user/late-user,2026-02-10T08:00:00+00:00,true,N/A,"
                + "2026-02-10T08:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        Files.setLastModifiedTime(late, FileTime.from(Instant.parse("2026-03-16T05:00:00Z")));
        try {
            assertThat(names("2026-02-10")).as("not in the copy yet").doesNotContain("late-user");

            Compactor.Result result = new Compactor(runner(), new FolderCompactedFiles(athena.compactedRoot()), state,
                    new FolderReportFiles(reports), SHIPPED_VIEW, FIRST_DAY, 2,
                    Clock.offset(CLOCK, java.time.Duration.ofHours(24))).run(() -> true);

            assertThat(result.late()).containsExactly(YearMonth.of(2026, 2));
            assertThat(result.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-02");
            assertThat(result.compactedThrough()).contains(LocalDate.of(2026, 2, 28));
            assertThat(names("2026-02-10")).containsExactly("late-user");
            Map<String, List<String>> compacted = baseViews();
            athena.execute("<test>", CompactionSql.reportRowsView(SHIPPED_VIEW, Optional.empty()));
            assertThat(compacted).isEqualTo(baseViews());
        } finally {
            Files.delete(late);
        }
    }

    @Test
    void recompact_copies_a_compacted_month_again() {
        Compactor compactor = compactor(new FolderCompactedFiles(athena.compactedRoot()));
        compactor.run(() -> true);
        long copied = count("select count(*) from report_rows_compacted");

        Compactor.Result result = compactor.recompact(YearMonth.of(2026, 1));

        assertThat(result.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-01");
        assertThat(result.compactedThrough()).contains(LocalDate.of(2026, 2, 28));
        assertThat(count("select count(*) from report_rows_compacted")).isEqualTo(copied);
        assertThat(baseViews()).isEqualTo(baseViewsFromCsv());
    }

    @Test
    void the_engine_writes_only_the_parquet_copy_never_the_users_reports() throws IOException {
        long files;
        try (Stream<Path> walk = Files.walk(reports)) {
            files = walk.filter(Files::isRegularFile).count();
        }

        for (String table : List.of("credential_reports", "accounts", "allowlist")) {
            assertThatThrownBy(() -> athena.execute("<command line>", "insert into " + table + " select * from " + table))
                    .as(table)
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("Access Denied");
        }

        try (Stream<Path> walk = Files.walk(reports)) {
            assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(files);
        }
    }

    @Test
    void an_unfinished_month_cannot_be_compacted_again() {
        Compactor compactor = compactor(new FolderCompactedFiles(athena.compactedRoot()));

        assertThatThrownBy(() -> compactor.recompact(YearMonth.of(2026, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("month 2026-03 cannot be compacted on 2026-03-16: months from 2026-01 (the first report "
                        + "day's) to 2026-02 can, a month being finished 2 day(s) after its end");
        assertThat(state.read()).isEmpty();
    }

    private Compactor compactor(dev.stocktake.sql.compaction.CompactedFiles files) {
        return new Compactor(runner(), files, state, SHIPPED_VIEW, FIRST_DAY, 2, CLOCK);
    }

    /** The job's statements on the embedded Trino, rows as text as Athena returns them. */
    static SqlRunner runner() {
        return (name, sql) -> athena.execute(name, sql).rows().stream()
                .map(row -> row.stream().map(value -> value == null ? null : String.valueOf(value)).toList())
                .toList();
    }

    static Map<String, List<String>> allViews() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (SqlFile view : SqlCatalog.shipped().views()) {
            rows.put(view.name(), SinglePassViewsTest.sorted(athena.execute("<test>", "select * from " + view.name())));
        }
        return rows;
    }

    /**
     * The views that read {@code report_rows} themselves ({@code iam_users}, which every other view reads, and
     * {@code accounts_by_day}): equal rows there mean equal rows everywhere, as the first tests check in full.
     */
    static Map<String, List<String>> baseViews() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String view : List.of("iam_users", "accounts_by_day")) {
            rows.put(view, SinglePassViewsTest.sorted(athena.execute("<test>", "select * from " + view)));
        }
        return rows;
    }

    static Map<String, List<String>> baseViewsFromCsv() {
        Map<String, List<String>> rows = new LinkedHashMap<>(fromCsv);
        rows.keySet().retainAll(List.of("iam_users", "accounts_by_day"));
        return rows;
    }

    static long count(String sql) {
        return ((Number) athena.execute("<test>", sql).rows().getFirst().getFirst()).longValue();
    }

    static List<String> names(String day) {
        return athena.execute("<test>", "select user_name from iam_users where dt = date '" + day
                + "' and account_id = '900000000001' and user_name = 'late-user'").rows().stream()
                .map(row -> (String) row.getFirst()).toList();
    }

    /** The boundary of the view as the engine holds it (SHOW CREATE VIEW drops comments), the same in both branches. */
    static String viewBoundary() {
        String text = (String) athena.execute("<test>", "show create view report_rows").rows().getFirst().getFirst();
        java.util.regex.Matcher compacted = java.util.regex.Pattern.compile("dt <= '([0-9/]{10})'").matcher(text);
        java.util.regex.Matcher csv = java.util.regex.Pattern.compile("dt > '([0-9/]{10})'").matcher(text);
        assertThat(compacted.find()).as(text).isTrue();
        assertThat(csv.find()).as(text).isTrue();
        assertThat(csv.group(1)).isEqualTo(compacted.group(1));
        return compacted.group(1);
    }

    static long parquetBytes(LocalDate day) {
        return partitionFiles(day).stream().mapToLong(CompactionTest::size).sum();
    }

    private static List<Path> partitionFiles(LocalDate day) {
        try (Stream<Path> partitions = Files.list(athena.compactedRoot())) {
            List<Path> files = new ArrayList<>();
            for (Path partition : partitions.toList()) {
                if (FolderCompactedFiles.dayOf(partition.getFileName().toString()).equals(Optional.of(day))) {
                    try (Stream<Path> inside = Files.list(partition)) {
                        inside.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                                .forEach(files::add);
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void moveMonths(Path from, Path to) {
        try {
            for (String month : List.of("2026/01", "2026/02")) {
                Files.createDirectories(to.resolve(month).getParent());
                Files.move(from.resolve(month), to.resolve(month));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDirectory(LocalDate day) throws IOException {
        StringBuilder csv = new StringBuilder(
                "account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags\n");
        for (int account = 0; account < 5; account++) {
            // acct-4 is in the directory but never reports: missing every day
            csv.append(String.format("%012d", 900000000000L + account)).append(",acct-").append(account)
                    .append(",aws+").append(account).append("@example.com,ACTIVE,ACTIVE,CREATED,2025-01-01T00:00:00Z,")
                    .append("r-ab12,Root,{}\n");
        }
        Path file = data.resolve("accounts").resolve(String.format("%04d/%02d/%02d/accounts.csv", day.getYear(),
                day.getMonthValue(), day.getDayOfMonth()));
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
    }
}
