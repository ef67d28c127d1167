package dev.stocktake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.allowlist.MigrationWords;

/**
 * The page script's words for the views' codes (its {@code WORDS} map, used in the owners' to-do, the To remove table
 * and the remediation table) are the words the rest of Stocktake uses: {@link MigrationWords}, which the page's verdict
 * counts, the digest and the CLI say.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PageWordsTest {

    private static Map<String, String> pageWords() throws IOException {
        Matcher words = Pattern.compile("const WORDS = (\\{.*?\\});", Pattern.DOTALL).matcher(DashboardPage.resource("dashboard.html"));
        assertThat(words.find()).as("the page script's `const WORDS = {...};`").isTrue();
        return new ObjectMapper().readValue(words.group(1), new TypeReference<>() { });
    }

    @Test
    void every_verdict_in_the_same_words() throws IOException {
        assertThat(pageWords()).containsAllEntriesOf(MigrationWords.VERDICTS);
    }

    @Test
    void every_remediation_state_in_the_same_words() throws IOException {
        assertThat(pageWords()).containsAllEntriesOf(MigrationWords.REMEDIATION_STATES);
    }
}
