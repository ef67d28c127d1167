package dev.stocktake.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.Fixtures;
import dev.stocktake.infra.StocktakeApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code allowlist.file} in stocktake.config.json, and reading the file it names. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AllowlistOptionsTest {
    /** test.config.json with {@code fields} (a JSON object's members) added or replaced. */
    private static StocktakeConfig parse(String fields) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(Fixtures.resource("test.config.json"));
            root.remove("allowlist");
            root.setAll((ObjectNode) json.readTree("{" + fields + "}"));
            return StocktakeConfig.parse(json.writeValueAsString(root), StocktakeApp.knownRegions());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void file_defaults_to_the_repositorys_allowlist() {
        assertThat(parse("").allowlist()).isEqualTo(new AllowlistOptions("allowlist/allowlist.csv"));
        assertThat(parse("\"allowlist\": {\"file\": \"config/allowlist.csv\"}").allowlist().file()).isEqualTo("config/allowlist.csv");
    }

    @Test
    void file_must_be_a_csv_path_and_reports_may_not_go_under_the_allowlist_prefix() {
        assertThatThrownBy(() -> parse("\"allowlist\": {\"file\": \"allowlist.txt\"}, \"reportPrefix\": \"allowlist/reports/\""))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "allowlist.file: 'allowlist.txt' must be the path of a .csv file, relative to the repository root "
                                + "(default allowlist/allowlist.csv)",
                        "reportPrefix: 'allowlist/reports/' is under allowlist/, where the allowlist is deployed; choose another"));
    }

    @Test
    void load_returns_the_validated_bytes_resolved_against_the_repository_root(@TempDir Path root) throws IOException {
        Path file = root.resolve("allowlist/allowlist.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "account,user,credentials,owner,reason,ticket,expires\n*,ops,both,o,r,,2027-01-01\n");

        assertThat(new AllowlistOptions(AllowlistOptions.DEFAULT_FILE).load(root)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void load_names_every_bad_line_and_field(@TempDir Path root) throws IOException {
        Path file = root.resolve("list.csv");
        Files.writeString(file, "account,user,credentials,owner,reason,ticket,expires\n1234,ops,both,,r,,2027-01-01\n");

        assertThatThrownBy(() -> new AllowlistOptions("list.csv").load(root))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + " line 2, field 'account': '1234' looks like an account ID but has 4 digits")
                .hasMessageContaining(file + " line 2, field 'owner': is empty");
    }
}
