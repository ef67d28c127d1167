package dev.stocktake.sql.compaction;

import dev.stocktake.sql.catalog.SqlCatalog;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statements, the state and the calendar of the compaction, without an engine (CompactionTest runs them on Trino). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CompactionSqlTest {

    static final String SHIPPED = SqlCatalog.shipped().view("report_rows").orElseThrow().statement();

    @Test
    void the_shipped_view_compacts_nothing() {
        assertThat(CompactionSql.boundaryOf(SHIPPED)).isEmpty();
        assertThat(CompactionSql.reportRowsView(SHIPPED, Optional.empty())).isEqualTo(SHIPPED);
    }

    @Test
    void a_new_boundary_replaces_both_branches_and_reads_back() {
        String view = CompactionSql.reportRowsView(SHIPPED, Optional.of(LocalDate.of(2026, 10, 31)));

        assertThat(view).contains("where dt <= '2026/10/31' /* compacted_through */")
                .contains("where dt > '2026/10/31' /* compacted_through */")
                .doesNotContain("1970/01/01");
        assertThat(CompactionSql.boundaryOf(view)).contains(LocalDate.of(2026, 10, 31));
        assertThat(CompactionSql.reportRowsView(view, Optional.empty())).isEqualTo(SHIPPED);
    }

    @Test
    void a_view_without_its_boundary_twice_is_refused() {
        String oneBranch = SHIPPED.replaceFirst("'1970/01/01' /\\* compacted_through \\*/", "'1970/01/01'");

        assertThatThrownBy(() -> CompactionSql.reportRowsView(oneBranch, Optional.empty()))
                .hasMessage("the report_rows view must hold its boundary as '<yyyy/MM/dd>' /* compacted_through */ "
                        + "exactly twice (once per branch), found it 1 time(s)");
        assertThatThrownBy(() -> new Compactor((n, s) -> List.of(), (a, b) -> 0, new Memory(), oneBranch,
                LocalDate.of(2026, 1, 1), 2, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_copy_names_every_report_column_and_the_days() {
        String copy = CompactionSql.copyDays(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28));

        assertThat(copy).startsWith("insert into report_rows_compacted\nselect \"c01\", \"c02\", ")
                .contains("\"c32\",\n    \"$path\" as source_file,\n"
                        + "    \"$file_size\" as file_size,\n    dt\n")
                .endsWith("where dt between '2026/02/01' and '2026/02/28'");
    }

    @Test
    void a_copy_is_one_to_31_days() {
        assertThatThrownBy(() -> CompactionSql.copyDays(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1)))
                .hasMessageContaining("a copy covers 1 to 31 days");
        assertThatThrownBy(() -> CompactionSql.csvCounts(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1)))
                .hasMessageContaining("a copy covers 1 to 31 days");
        assertThat(CompactionSql.copyCounts(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)))
                .contains("count(distinct source_file)").contains("from report_rows_compacted");
    }

    @Test
    void a_month_is_finished_settle_days_after_its_end() {
        Compactor compactor = compactor(2, LocalDate.of(2026, 1, 10));

        assertThat(compactor.lastFinishedMonth(LocalDate.of(2026, 2, 2))).isEmpty();
        assertThat(compactor.lastFinishedMonth(LocalDate.of(2026, 2, 3))).contains(YearMonth.of(2026, 1));
        assertThat(compactor.lastFinishedMonth(LocalDate.of(2026, 12, 31))).contains(YearMonth.of(2026, 11));
        assertThat(compactor(0, LocalDate.of(2026, 1, 10)).lastFinishedMonth(LocalDate.of(2026, 2, 1)))
                .contains(YearMonth.of(2026, 1));
        assertThatThrownBy(() -> compactor(28, LocalDate.of(2026, 1, 1)))
                .hasMessage("settle days must be 0 to 27, got 28");
    }

    @Test
    void the_boundary_is_the_end_of_the_unbroken_run_of_months() {
        CompactionState state = CompactionState.EMPTY
                .with(month("2026-01")).with(month("2026-03")).with(month("2026-02")).with(month("2026-05"));

        assertThat(state.months()).extracting(CompactionState.Month::month)
                .containsExactly("2026-01", "2026-02", "2026-03", "2026-05");
        assertThat(state.compactedThrough(YearMonth.of(2026, 1))).contains(LocalDate.of(2026, 3, 31));
        assertThat(state.without(YearMonth.of(2026, 2)).compactedThrough(YearMonth.of(2026, 1)))
                .contains(LocalDate.of(2026, 1, 31));
        assertThat(state.without(YearMonth.of(2026, 1)).compactedThrough(YearMonth.of(2026, 1))).isEmpty();
        assertThat(CompactionState.EMPTY.compactedThrough(YearMonth.of(2026, 1))).isEmpty();
    }

    @Test
    void the_state_reads_back_what_it_wrote() {
        CompactionState state = CompactionState.EMPTY.with(month("2026-01")).with(month("2026-02"));

        assertThat(CompactionState.parse(state.toJson(), "s3://b/compaction/state.json")).isEqualTo(state);
    }

    @Test
    void a_broken_state_is_refused_with_the_way_out() {
        for (String broken : List.of("", "{", "{\"months\": 3}", "{\"months\": [{\"month\": \"2026-13\", \"rows\": 1, "
                + "\"files\": 1, \"days\": 1, \"compactedAt\": \"2026-02-03T04:30:00Z\"}]}", "null")) {
            assertThatThrownBy(() -> CompactionState.parse(broken, "s3://b/compaction/state.json"))
                    .as(broken)
                    .isInstanceOf(CompactionException.class)
                    .hasMessageStartingWith("the compaction state s3://b/compaction/state.json is not valid (")
                    .hasMessageContaining("Nothing was compacted and report_rows was left as it is")
                    .hasMessageContaining("Restore the object from its previous version");
        }
        assertThatThrownBy(() -> CompactionState.EMPTY.with(month("2026-01")).months().add(month("2026-02")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_run_with_nothing_finished_only_recreates_the_view() {
        List<String> statements = new java.util.ArrayList<>();
        Memory memory = new Memory();
        Compactor compactor = new Compactor((name, sql) -> {
            statements.add(name);
            return List.of();
        }, (a, b) -> 0, memory, SHIPPED, LocalDate.of(2026, 1, 10), 2,
                Clock.fixed(Instant.parse("2026-02-02T04:30:00Z"), ZoneOffset.UTC));

        Compactor.Result result = compactor.run(() -> true);

        assertThat(result.compacted()).isEmpty();
        assertThat(result.pending()).isEmpty();
        assertThat(result.compactedThrough()).isEmpty();
        assertThat(statements).containsExactly("view report_rows");
        assertThat(memory.state).isNull();
    }

    @Test
    void a_month_whose_record_cannot_be_stored_is_not_read_from_parquet() {
        List<String> views = new java.util.ArrayList<>();
        SqlRunner engine = (name, sql) -> {
            if (name.startsWith("view")) {
                views.add(sql);
            }
            // both count queries agree: the copy itself is fine
            return name.startsWith("count") ? List.of(List.of("2026/01/05", "12", "3")) : List.of();
        };
        CompactionStateStore unwritable = new Memory() {
            @Override
            public void write(CompactionState state) {
                throw new IllegalStateException("AccessDenied on compaction/state.json");
            }
        };
        Compactor compactor = new Compactor(engine, (a, b) -> 0, unwritable, SHIPPED, LocalDate.of(2026, 1, 5), 2,
                Clock.fixed(Instant.parse("2026-02-10T04:30:00Z"), ZoneOffset.UTC));

        assertThatThrownBy(() -> compactor.run(() -> true)).hasMessage("AccessDenied on compaction/state.json");

        assertThat(views).hasSize(1);
        assertThat(CompactionSql.boundaryOf(views.getFirst())).isEmpty();
    }

    @Test
    void a_failed_clean_up_after_a_failed_copy_keeps_both_reasons() {
        SqlRunner engine = (name, sql) -> {
            if (name.startsWith("copy")) {
                throw new IllegalStateException("HIVE_PATH_ALREADY_EXISTS");
            }
            return List.of();
        };
        CompactedFiles stuck = (first, last) -> {
            throw new IllegalStateException("SlowDown");
        };
        Compactor compactor = new Compactor(engine, (first, last) -> 0, new Memory(), SHIPPED, LocalDate.of(2026, 1, 5),
                2, Clock.fixed(Instant.parse("2026-02-10T04:30:00Z"), ZoneOffset.UTC));
        Compactor cannotClean = new Compactor(engine, new CompactedFiles() {
            private int calls;

            @Override
            public int deleteDays(LocalDate first, LocalDate last) {
                return calls++ == 0 ? 0 : stuck.deleteDays(first, last);
            }
        }, new Memory(), SHIPPED, LocalDate.of(2026, 1, 5), 2,
                Clock.fixed(Instant.parse("2026-02-10T04:30:00Z"), ZoneOffset.UTC));

        assertThatThrownBy(() -> compactor.run(() -> true))
                .hasMessageStartingWith("copying 2026-01 to Parquet failed: HIVE_PATH_ALREADY_EXISTS. Its partial copy (0 file(s)) was deleted");
        assertThatThrownBy(() -> cannotClean.run(() -> true))
                .isInstanceOf(CompactionException.class)
                .hasMessage("copying 2026-01 to Parquet failed: HIVE_PATH_ALREADY_EXISTS. Its partial copy could not be "
                        + "deleted either (SlowDown); report_rows reads 2026-01 from the CSVs, and the next run deletes "
                        + "the leftovers before it tries again.")
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("SlowDown"));
    }

    @Test
    void a_month_with_a_csv_written_after_its_copy_is_taken_out_of_the_view_first_and_copied_again() {
        List<String> statements = new java.util.ArrayList<>();
        Memory memory = new Memory();
        memory.state = CompactionState.EMPTY
                .with(new CompactionState.Month("2026-01", 12, 3, 1, "2026-02-03T04:30:00Z"))
                .with(new CompactionState.Month("2026-02", 12, 3, 1, "2026-03-03T04:30:00Z"));
        ReportFiles reports = (first, last) -> Optional.of(first.getMonthValue() == 1
                ? Instant.parse("2026-02-20T06:00:00Z")   // a January CSV re-written on 20 February: late
                : Instant.parse("2026-02-28T06:00:00Z")); // February's last report, before its copy: not late
        SqlRunner engine = (name, sql) -> {
            statements.add(name + (name.startsWith("view") ? " " + CompactionSql.boundaryOf(sql) : ""));
            return name.startsWith("count") ? List.of(List.of("2026/01/05", "12", "3")) : List.of();
        };
        Compactor compactor = new Compactor(engine, (a, b) -> 0, memory, reports, SHIPPED, LocalDate.of(2026, 1, 5), 2,
                Clock.fixed(Instant.parse("2026-03-10T04:30:00Z"), ZoneOffset.UTC));

        Compactor.Result result = compactor.run(() -> true);

        assertThat(result.late()).containsExactly(YearMonth.of(2026, 1));
        assertThat(result.compacted()).extracting(CompactionState.Month::month).containsExactly("2026-01");
        assertThat(statements).containsExactly("view report_rows Optional.empty", "copy 2026-01", "count CSV 2026-01",
                "count copy 2026-01", "view report_rows Optional[2026-02-28]");
        assertThat(memory.state.months()).extracting(CompactionState.Month::compactedAt)
                .containsExactly("2026-03-10T04:30:00Z", "2026-03-03T04:30:00Z");
    }

    private static Compactor compactor(int settleDays, LocalDate firstReportDay) {
        return new Compactor((n, s) -> List.of(), (a, b) -> 0, new Memory(), SHIPPED, firstReportDay, settleDays,
                Clock.systemUTC());
    }

    private static CompactionState.Month month(String month) {
        return new CompactionState.Month(month, 10, 2, 1, "2026-06-03T04:30:00Z");
    }

    static class Memory implements CompactionStateStore {
        CompactionState state;

        @Override
        public Optional<CompactionState> read() {
            return Optional.ofNullable(state);
        }

        @Override
        public void write(CompactionState state) {
            this.state = state;
        }
    }
}
