package dev.stocktake.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProgressTest {

    private final StringWriter err = new StringWriter();

    @Test
    void on_a_terminal_one_line_is_rewritten_with_the_time_then_erased() throws InterruptedException {
        AtomicLong now = new AtomicLong(0);
        Progress progress = Progress.show(new PrintWriter(err), true, "Loading 3 report files...", now::get, 10);
        now.set(2_500_000_000L);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!err.toString().contains("2.5 s") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        progress.close();

        assertThat(err.toString())
                .startsWith("\r\u001B[KLoading 3 report files... 0.0 s")
                .contains("\r\u001B[KLoading 3 report files... 2.5 s")
                .endsWith("\r\u001B[K")
                .doesNotContain("\n");
        int length = err.toString().length();
        Thread.sleep(50);
        assertThat(err.toString()).as("nothing after close").hasSize(length);
    }

    @Test
    void when_stderr_is_not_a_terminal_nothing_is_written() {
        try (Progress ignored = Progress.show(new PrintWriter(err), false, "Loading...")) {
            assertThat(err.toString()).isEmpty();
        }
        assertThat(err.toString()).isEmpty();
    }
}
