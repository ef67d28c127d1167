package dev.stocktake.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DirectoryCsvTest {

    private static AccountRecord account(String id, String name, String state, TreeMap<String, String> tags) {
        return new AccountRecord(id, name, id + "@example.com", state, state, "CREATED",
                Instant.parse("2024-04-01T10:00:00Z"), "ou-ab12-cdef3456", "Root/Workloads/Prod", tags,
                "r-ab12/ou-ab12-11111111/ou-ab12-cdef3456");
    }

    @Test
    void writes_a_header_and_one_row_per_account_sorted_by_id() {
        String csv = new String(DirectoryCsv.render(List.of(
                account("222222222222", "shop-stg", "ACTIVE", new TreeMap<>()),
                account("111111111111", "shop-prd", "SUSPENDED", new TreeMap<>(java.util.Map.of("owner", "team-shop", "cost-center", "42"))))),
                StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo("""
                account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags,ou_id_path
                111111111111,shop-prd,111111111111@example.com,SUSPENDED,SUSPENDED,CREATED,2024-04-01T10:00:00Z,ou-ab12-cdef3456,Root/Workloads/Prod,"{""cost-center"":""42"",""owner"":""team-shop""}",r-ab12/ou-ab12-11111111/ou-ab12-cdef3456
                222222222222,shop-stg,222222222222@example.com,ACTIVE,ACTIVE,CREATED,2024-04-01T10:00:00Z,ou-ab12-cdef3456,Root/Workloads/Prod,{},r-ab12/ou-ab12-11111111/ou-ab12-cdef3456
                """);
    }

    @Test
    void quotes_names_with_commas_quotes_and_line_breaks_and_only_those() {
        assertThat(nameField("Payments, EU")).isEqualTo("\"Payments, EU\"");
        assertThat(nameField("the \"old\" account")).isEqualTo("\"the \"\"old\"\" account\"");
        assertThat(nameField("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(nameField("two\rlines")).isEqualTo("\"two\rlines\"");
        assertThat(nameField("plain-name")).isEqualTo("plain-name");
        // free-text account names: none of these needs quotes, so none gets them
        assertThat(nameField("ops #1 100% team a/b ~x!")).isEqualTo("ops #1 100% team a/b ~x!");
        assertThat(nameField(" padded ")).isEqualTo(" padded ");
    }

    /** The account name as written in the row of an account with no tags (the row's other fields hold no comma). */
    private static String nameField(String name) {
        String csv = new String(DirectoryCsv.render(List.of(account("111111111111", name, "ACTIVE", new TreeMap<>()))),
                StandardCharsets.UTF_8);
        String row = csv.substring(csv.indexOf('\n') + 1);
        String prefix = "111111111111,";
        String suffix = ",111111111111@example.com,ACTIVE,ACTIVE,CREATED,2024-04-01T10:00:00Z,ou-ab12-cdef3456,Root/Workloads/Prod,{},"
                + "r-ab12/ou-ab12-11111111/ou-ab12-cdef3456\n";
        assertThat(row).startsWith(prefix).endsWith(suffix);
        return row.substring(prefix.length(), row.length() - suffix.length());
    }

    @Test
    void an_account_without_a_known_parent_has_empty_ou_fields() {
        String csv = new String(DirectoryCsv.render(List.of(new AccountRecord("111111111111", "orphan", "o@example.com",
                "ACTIVE", "ACTIVE", "INVITED", null, null, null, new TreeMap<>(), null))), StandardCharsets.UTF_8);

        assertThat(csv.lines().skip(1).toList()).containsExactly("111111111111,orphan,o@example.com,ACTIVE,ACTIVE,INVITED,,,,{},");
    }

    @Test
    void tags_are_a_json_object_with_escaped_values() {
        assertThat(DirectoryCsv.tagsJson(new TreeMap<>(java.util.Map.of("team", "a \"quoted\" team", "b", "x\\y"))))
                .isEqualTo("{\"b\":\"x\\\\y\",\"team\":\"a \\\"quoted\\\" team\"}");
    }

    @Test
    void the_columns_are_the_athena_accounts_tables_in_order() {
        assertThat(DirectoryCsv.COLUMNS).isEqualTo(dev.stocktake.sql.table.TableDefinition.accountsTemplate().columnNames());
    }
}
