package dev.stocktake.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NamesTest {

    private final Names names = Names.shipped();

    @Test
    void levenshtein_counts_insertions_deletions_and_substitutions() {
        assertThat(Names.distance("console_users", "console_users")).isZero();
        assertThat(Names.distance("consol_users", "console_users")).isEqualTo(1);
        assertThat(Names.distance("console_userz", "console_users")).isEqualTo(1);
        assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void a_typo_suggests_the_closest_view() {
        assertThat(Names.closest("consol_users", names.views())).contains("console_users");
        assertThat(Names.closest("iam_user", names.relations())).contains("iam_users");
        assertThat(Names.closest("DAILY_COUNT", names.views())).contains("daily_counts");
        assertThat(Names.closest("coverge", names.views())).contains("coverage");
        // a part of the name is enough
        assertThat(Names.closest("stale", names.views())).contains("stale_credentials");
    }

    @Test
    void nothing_close_suggests_nothing() {
        assertThat(Names.closest("xyz", names.views())).isEmpty();
        assertThat(Names.didYouMean("penguins", names.views())).isEmpty();
        assertThat(Names.didYouMean("consol_users", List.of("console_users"))).isEqualTo("; did you mean 'console_users'?");
    }

    @Test
    void the_catalog_knows_the_tables_and_views_without_the_engine() {
        assertThat(names.relations()).contains("credential_reports", "accounts", "allowlist", "identity_center",
                "iam_details", "identity_mapping", "migration_settings", "milestones", "report_rows_compacted",
                "iam_users", "console_users", "coverage");
        assertThat(names.table("credential_reports")).isPresent();
        assertThat(names.isRelation("console_users")).isTrue();
        assertThat(names.isRelation("console_user")).isFalse();
    }
}
