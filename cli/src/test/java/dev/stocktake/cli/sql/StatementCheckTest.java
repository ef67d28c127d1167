package dev.stocktake.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StatementCheckTest {

    private final Names names = Names.shipped();

    private void check(String sql) {
        StatementCheck.check("q.sql", sql, names);
    }

    @Test
    void a_syntax_error_names_the_line_and_column_from_trinos_parser() {
        assertThatThrownBy(() -> check("select user_name\nfrm iam_users"))
                .isInstanceOf(StatementCheck.CheckFailure.class)
                .hasMessageStartingWith("q.sql:2:5: mismatched input 'iam_users'");
        assertThatThrownBy(() -> check("selct 1"))
                .hasMessageStartingWith("q.sql:1:1: mismatched input 'selct'");
    }

    @Test
    void an_unknown_table_is_named_with_its_position_and_the_closest_name() {
        assertThatThrownBy(() -> check("select user_name\nfrom iam_userz"))
                .hasMessage("q.sql:2:6: no table or view named 'iam_userz'; did you mean 'iam_users'?"
                        + " (the views: ./stocktake sql --list)");
        // in a subquery, a join and with the schema
        assertThatThrownBy(() -> check("select * from iam_users where account_id in (select account_id from acounts)"))
                .hasMessageContaining("no table or view named 'acounts'; did you mean 'accounts'?");
        assertThatThrownBy(() -> check("select * from iam_users u join console_user c on u.arn = c.arn"))
                .hasMessageContaining("'console_user'; did you mean 'console_users'?");
        assertThatThrownBy(() -> check("select * from awsdatacatalog.stocktake.coverag"))
                .hasMessageContaining("'coverag'; did you mean 'coverage'?");
        assertThatThrownBy(() -> check("select * from penguins"))
                .hasMessage("q.sql:1:15: no table or view named 'penguins' (the views: ./stocktake sql --list)");
    }

    @Test
    void tables_views_names_a_statement_defines_and_other_schemas_pass() {
        assertThatCode(() -> check("select count(*) from iam_users;")).doesNotThrowAnyException();
        assertThatCode(() -> check("SELECT * FROM Console_Users")).doesNotThrowAnyException();
        assertThatCode(() -> check("with latest as (select max(dt) as dt from daily_counts) "
                + "select * from daily_counts join latest using (dt)")).doesNotThrowAnyException();
        assertThatCode(() -> check("select * from information_schema.columns")).doesNotThrowAnyException();
        assertThatCode(() -> check("select * from system.runtime.queries")).doesNotThrowAnyException();
        assertThatCode(() -> check("describe console_users")).doesNotThrowAnyException();
        assertThatCode(() -> check("show tables")).doesNotThrowAnyException();
        assertThatCode(() -> check("select 1")).doesNotThrowAnyException();
    }

    /** What a kept engine may answer (see dev.stocktake.cli.KeptEngine): statements that cannot change the catalog. */
    @Test
    void only_queries_explains_of_queries_and_shows_read_only() {
        for (String reads : java.util.List.of("select 1", "with a as (select 1) select * from a", "values 1",
                "explain select * from iam_users", "explain analyze select count(*) from console_users",
                "show tables", "show columns from iam_users", "show create view console_users", "show functions",
                "show stats for iam_users")) {
            assertThat(StatementCheck.readsOnly(StatementCheck.check("q.sql", reads, names))).as(reads).isTrue();
        }
        for (String changes : java.util.List.of("create or replace view mine as select 1 as one", "drop view console_users",
                "insert into report_rows_compacted select * from report_rows_compacted",
                "explain analyze insert into report_rows_compacted select * from report_rows_compacted",
                "create table t as select 1 as one", "set session query_max_run_time = '1m'", "reset session query_max_run_time",
                "grant select on iam_users to user bob", "call system.sync_partition_metadata('stocktake', 'x', 'ADD')")) {
            assertThat(StatementCheck.readsOnly(StatementCheck.check("q.sql", changes, names))).as(changes).isFalse();
        }
    }
}
