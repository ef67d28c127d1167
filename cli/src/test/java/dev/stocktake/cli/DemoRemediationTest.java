package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.PlanFile;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The demo's remediation (a demo long enough for it: 8 accounts, 16 days): the quarantine on day 6, the undo on day 8,
 * the key used by hand on day 10, the deletion on day 15 after an 8-day watch window; the journal in the bucket and
 * the reports of the following days agree with it.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoRemediationTest {

    private static final int DAYS = 16;
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);
    private static final LocalDate FIRST_DAY = LAST_DAY.minusDays(DAYS - 1);
    /** Day indexes of the schedule for 16 days (DemoRemediation.Schedule.of(16, 1)). */
    private static final LocalDate QUARANTINE_DAY = FIRST_DAY.plusDays(5);
    private static final LocalDate UNDO_DAY = FIRST_DAY.plusDays(7);
    private static final LocalDate DELETE_DAY = FIRST_DAY.plusDays(14);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Emulator emulator;
    private Path folder;
    private int exit;
    private LocalAthena athena;
    private Plan quarantine;
    private Plan deletion;

    @BeforeAll
    void runDemo(Emulator emulator, @TempDir Path dir) {
        this.emulator = emulator;
        this.folder = dir.resolve("demo");
        CommandLine cli = StocktakeCommand.commandLine(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exit = cli.execute("demo", "--accounts", "8", "--days", String.valueOf(DAYS), "--last-day", LAST_DAY.toString(),
                "--threads", "4", "--out", folder.toString());
        athena = LocalAthena.start(folder.resolve("reports"));
        if (Files.exists(folder.resolve("remediation/quarantine.json"))) {
            quarantine = PlanFile.read(folder.resolve("remediation/quarantine.json"));
        }
        if (Files.exists(folder.resolve("remediation/deletion.json"))) {
            deletion = PlanFile.read(folder.resolve("remediation/deletion.json"));
        }
    }

    @AfterAll
    void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    @Test
    void the_demo_quarantines_undoes_and_deletes_and_says_so() {
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(quarantine).as("the quarantine plan the demo wrote").isNotNull();
        assertThat(quarantine.planId()).startsWith("q-" + QUARANTINE_DAY.format(DateTimeFormatter.BASIC_ISO_DATE) + "-");
        assertThat(quarantine.users()).isNotEmpty();
        assertThat(deletion).as("the deletion plan the demo wrote").isNotNull();
        assertThat(deletion.planId()).startsWith("d-" + DELETE_DAY.format(DateTimeFormatter.BASIC_ISO_DATE) + "-");
        assertThat(deletion.users()).isNotEmpty();
        int actions = quarantine.users().stream().mapToInt(u -> u.steps().size()).sum();
        assertThat(out.toString())
                .containsPattern("on " + QUARANTINE_DAY + " plan " + quarantine.planId() + " quarantined " + quarantine.users().size()
                        + " ready_to_remove users of \\d accounts \\(" + actions + " actions")
                .containsPattern("on " + UNDO_DAY + " 1 user's quarantine was undone \\(\\d actions")
                .containsPattern("plan " + deletion.planId() + " deleted " + deletion.users().size() + " users \\(\\d+ actions, "
                        + "each snapshotted first\\) and refused [1-9]\\d* \\([1-9]\\d* used since the quarantine: used_since_quarantine\\)");
        String transcript = read(folder.resolve("remediation/transcript.txt"));
        assertThat(transcript).contains("Dry run: 0 done, 0 already done before, " + actions + " would run, 0 refused")
                .contains("Applied: " + actions + " done, 0 already done before, 0 would run, 0 refused")
                .contains("REFUSED (used_since_quarantine)").containsPattern("\\$ stocktake remediate undo " + quarantine.planId()
                        + "/\\d{3}-[a-z-]+ --bucket s3://stocktake-demo-\\w+ --execute\n").containsPattern("  \\d{3}-[a-z-]+ undone: ");
    }

    @Test
    void the_bucket_and_its_copy_hold_the_journal_under_the_plans_day() throws IOException {
        List<String> keys = new ArrayList<>();
        try (S3Client s3 = EmulatorOrganization.create(emulator.endpoint()).s3()) {
            String bucket = s3.listBuckets().buckets().stream().map(Bucket::name).filter(name -> name.startsWith("stocktake-demo-"))
                    .filter(name -> !s3.listObjectsV2(r -> r.bucket(name).prefix("remediation/")).contents().isEmpty())
                    .findFirst().orElseThrow();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("remediation/")).contents().stream().map(S3Object::key)
                    .forEach(keys::add);
        }
        String quarantineFolder = "remediation/" + QUARANTINE_DAY.toString().replace('-', '/') + "/" + quarantine.planId() + "/";
        String deletionFolder = "remediation/" + DELETE_DAY.toString().replace('-', '/') + "/" + deletion.planId() + "/";
        for (Plan.User user : quarantine.users()) {
            for (Plan.Step step : user.steps()) {
                assertThat(keys).contains(quarantineFolder + step.id() + ".started.json", quarantineFolder + step.id() + ".done.json");
            }
        }
        assertThat(keys.stream().filter(key -> key.endsWith(".undone.json"))).isNotEmpty()
                .allMatch(key -> key.startsWith(quarantineFolder));
        for (Plan.User user : deletion.users()) {
            Plan.Step last = user.steps().getLast();
            assertThat(last.action()).isEqualTo(Action.DELETE_USER);
            if (deleted().contains(user.accountId() + "/" + user.userName())) {
                assertThat(keys).contains(deletionFolder + user.steps().getFirst().id() + ".done.json", deletionFolder + last.id() + ".done.json");
            }
        }
        assertThat(keys).allMatch(key -> key.startsWith(quarantineFolder) || key.startsWith(deletionFolder));
        // the copy beside the reports holds the same records
        try (Stream<Path> copied = Files.walk(folder.resolve("reports/remediation"))) {
            Set<String> copies = copied.filter(Files::isRegularFile)
                    .map(path -> folder.resolve("reports").relativize(path).toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(copies).isEqualTo(new TreeSet<>(keys));
        }
        assertThat(read(folder.resolve("reports/" + quarantineFolder + quarantine.users().getFirst().steps().getFirst().id() + ".done.json")))
                .contains("\"plan_id\":\"" + quarantine.planId() + "\"").contains("\"state_before\"");
    }

    @Test
    void the_reports_after_the_quarantine_show_keys_inactive_and_no_password() {
        Set<String> undone = undoneUsers();
        assertThat(undone).hasSize(1);
        for (Plan.User user : quarantine.users()) {
            boolean hadPassword = user.steps().stream().anyMatch(step -> step.action() == Action.DELETE_LOGIN_PROFILE);
            boolean hadKey = user.steps().stream().anyMatch(step -> step.action() == Action.DEACTIVATE_ACCESS_KEY);
            List<Object> before = row(user, QUARANTINE_DAY);
            assertThat(before).as("%s on the quarantine day", user.userName()).containsExactly(hadPassword, hadKey ? before.get(1) : 0L);
            if (hadKey) {
                assertThat((Long) before.get(1)).isPositive();
            }
            // the next day's report: no password, no active key
            assertThat(row(user, QUARANTINE_DAY.plusDays(1))).as("%s the day after the quarantine", user.userName())
                    .containsExactly(false, 0L);
            boolean isUndone = undone.contains(user.accountId() + "/" + user.userName());
            List<Object> afterUndo = row(user, UNDO_DAY.plusDays(1));
            if (isUndone) {
                assertThat(afterUndo).as("%s after its undo", user.userName()).containsExactly(hadPassword, before.get(1));
            } else {
                assertThat(afterUndo).as("%s, still quarantined", user.userName()).containsExactly(false, 0L);
            }
        }
    }

    @Test
    void the_reports_after_the_deletion_no_longer_list_the_deleted_users_and_still_list_the_refused_one() {
        Set<String> deleted = deleted();
        assertThat(deleted).isNotEmpty();
        for (Plan.User user : quarantine.users()) {
            String id = user.accountId() + "/" + user.userName();
            assertThat(count(user, DELETE_DAY)).as("%s on the deletion day", user.userName()).isEqualTo(1L);
            assertThat(count(user, DELETE_DAY.plusDays(1))).as("%s the day after the deletion", user.userName())
                    .isEqualTo(deleted.contains(id) ? 0L : 1L);
        }
        // the one used by hand after its quarantine is not in the deletion plan: its report shows the use
        Set<String> planned = deletion.users().stream().map(u -> u.accountId() + "/" + u.userName()).collect(Collectors.toSet());
        long usedAfter = quarantine.users().stream().filter(u -> !planned.contains(u.accountId() + "/" + u.userName()))
                .filter(u -> !undoneUsers().contains(u.accountId() + "/" + u.userName()))
                .filter(u -> (Long) athena.execute("test", "select count(*) from iam_users where account_id = '" + u.accountId()
                        + "' and user_name = '" + u.userName() + "' and dt = date '" + DELETE_DAY + "' and greatest("
                        + "coalesce(access_key_1_last_used, timestamp '1970-01-01 00:00:00'), coalesce(access_key_2_last_used, "
                        + "timestamp '1970-01-01 00:00:00')) > timestamp '" + QUARANTINE_DAY + " 23:59:59' and active_access_keys = 0")
                        .rows().getFirst().getFirst() > 0).count();
        assertThat(usedAfter).isEqualTo(1L);
    }

    /** password_enabled-like console access and active keys of the user on a day. */
    private List<Object> row(Plan.User user, LocalDate day) {
        QueryResult result = athena.execute("test", "select has_console_access, cast(active_access_keys as bigint) from iam_users "
                + "where account_id = '" + user.accountId() + "' and user_name = '" + user.userName() + "' and dt = date '" + day + "'");
        assertThat(result.rows()).as("%s on %s", user.userName(), day).hasSize(1);
        return result.rows().getFirst();
    }

    private long count(Plan.User user, LocalDate day) {
        return (Long) athena.execute("test", "select count(*) from iam_users where account_id = '" + user.accountId()
                + "' and user_name = '" + user.userName() + "' and dt = date '" + day + "'").rows().getFirst().getFirst();
    }

    /** The users whose delete_user step is done in the journal copy. */
    private Set<String> deleted() {
        return journalFiles().filter(path -> path.getFileName().toString().matches("\\d{3}-delete-user\\.done\\.json"))
                .map(path -> userOf(read(path))).collect(Collectors.toSet());
    }

    private Set<String> undoneUsers() {
        return journalFiles().filter(path -> path.getFileName().toString().endsWith(".undone.json"))
                .map(path -> userOf(read(path))).collect(Collectors.toSet());
    }

    private Stream<Path> journalFiles() {
        try (Stream<Path> files = Files.walk(folder.resolve("reports/remediation"))) {
            return files.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code <account id>/<user name>} of a journal record, read as JSON (one line per record, as Journal writes it). */
    private static String userOf(String record) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(record);
            assertThat(node.path("account_id").asText()).as(record).matches("\\d{12}");
            assertThat(node.path("user_name").asText()).as(record).isNotEmpty();
            return node.path("account_id").asText() + "/" + node.path("user_name").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON journal record: " + record, e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
