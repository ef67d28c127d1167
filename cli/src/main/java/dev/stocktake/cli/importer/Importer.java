package dev.stocktake.cli.importer;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Converts a history kept in the seed's layout ({@code YYYY/MM/DD/<account name>.csv}) into Stocktake's
 * ({@code YYYY/MM/DD/<encoded name>@<account id>.csv}), the account ID read from each report's own ARNs, the bytes
 * unchanged. Every file of the source ends in exactly one {@link Outcome}; nothing is ever overwritten, so a re-run
 * finds what an earlier run wrote "already imported" and writes nothing twice.
 */
public final class Importer {

    /** A progress line at least every this many files ... */
    public static final int PROGRESS_EVERY_FILES = 500;
    /** ... and at least every this many milliseconds while files are being processed. */
    public static final long PROGRESS_EVERY_MILLIS = 5_000;

    /** What happened to one file of the source. */
    public enum Outcome {
        /** A report of the seed's layout, written under its new key. */
        CONVERTED("converted", "would convert", false),
        /** Already named as Stocktake names reports: copied under the same key. */
        COPIED("copied as is (already in Stocktake's layout)", "would copy as is (already in Stocktake's layout)", false),
        /** The target already holds these exact bytes under the new key (an earlier run): nothing written. */
        ALREADY_IMPORTED("already imported", "already imported", false),
        /** Not where a report would be (another file under the prefix): nothing to import. */
        NOT_A_REPORT("ignored, not a report", "ignored, not a report", false),
        /** In a report's place but cannot be imported (not a credential report, no or mixed ARNs, unreadable, ...). */
        SKIPPED("skipped", "would skip", true),
        /** The target holds a different report under that key, or another report of the account that day: not written. */
        CONFLICT("conflict, not written", "conflict, would not write", true);

        private final String done;
        private final String planned;
        private final boolean error;

        Outcome(String done, String planned, boolean error) {
            this.done = done;
            this.planned = planned;
            this.error = error;
        }

        public String label(boolean dryRun) {
            return dryRun ? planned : done;
        }

        /** A file that should have been imported and was not: the command exits non-zero. */
        public boolean error() {
            return error;
        }
    }

    /**
     * @param source the file's path below {@code --from}
     * @param target its path below {@code --to}, or {@code null} when there is none (ignored, or skipped before a key
     *               could be made)
     * @param reason why it was ignored, skipped or in conflict; {@code null} otherwise
     */
    public record FileResult(String source, Outcome outcome, String target, String reason) {
    }

    /** Counts per outcome. */
    public record Summary(int files, Map<Outcome, Integer> counts) {

        public int count(Outcome outcome) {
            return counts.getOrDefault(outcome, 0);
        }

        public boolean failed() {
            return counts.entrySet().stream().anyMatch(entry -> entry.getKey().error() && entry.getValue() > 0);
        }
    }

    /** Told about each file as it is done, and about progress now and then. */
    public interface Listener {
        void file(FileResult result);

        void progress(int done, int total, Summary soFar);
    }

    private final Clock clock;

    public Importer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Imports every file of {@code source} into {@code target}; with {@code dryRun}, only reads both and says what it
     * would do.
     *
     * @throws ImportException when the source cannot be listed
     */
    public Summary run(HistoryLocation source, HistoryLocation target, boolean dryRun, Listener listener) {
        List<String> files = source.list();
        Run run = new Run(source, target, dryRun);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        long lastProgress = clock.millis();
        for (int i = 0; i < files.size(); i++) {
            FileResult result = run.importFile(files.get(i));
            counts.merge(result.outcome(), 1, Integer::sum);
            listener.file(result);
            int done = i + 1;
            long now = clock.millis();
            if (done % PROGRESS_EVERY_FILES == 0 || now - lastProgress >= PROGRESS_EVERY_MILLIS) {
                listener.progress(done, files.size(), new Summary(done, Map.copyOf(counts)));
                lastProgress = now;
            }
        }
        return new Summary(files.size(), Map.copyOf(counts));
    }

    /** One run's state: the target's reports per day and account (read once per day), and what this run wrote. */
    private final class Run {
        private final HistoryLocation source;
        private final HistoryLocation target;
        private final boolean dryRun;
        /** day -> account ID -> the target path holding (or, in a dry run, planned to hold) its report */
        private final Map<LocalDate, Map<String, String>> reportsByDay = new HashMap<>();
        /** target path -> SHA-256 of what this run wrote (or would write) there */
        private final Map<String, byte[]> thisRun = new HashMap<>();

        Run(HistoryLocation source, HistoryLocation target, boolean dryRun) {
            this.source = source;
            this.target = target;
            this.dryRun = dryRun;
        }

        FileResult importFile(String path) {
            SourcePath kind = SourcePath.of(path);
            if (kind instanceof SourcePath.NotAReport(String reason)) {
                return new FileResult(path, Outcome.NOT_A_REPORT, null, reason);
            }
            byte[] content;
            try {
                content = source.read(path);
            } catch (SdkException e) {
                return new FileResult(path, Outcome.SKIPPED, null, "unreadable: " + AwsErrors.describe(e));
            } catch (UncheckedIOException e) {
                return new FileResult(path, Outcome.SKIPPED, null, "unreadable: " + e.getMessage());
            }
            ReportAccount account = ReportAccount.of(content);
            if (account instanceof ReportAccount.Problem(String reason)) {
                return new FileResult(path, Outcome.SKIPPED, null, reason);
            }
            String accountId = ((ReportAccount.Found) account).accountId();
            LocalDate day;
            String accountName;
            String targetPath;
            Outcome written;
            switch (kind) {
                case SourcePath.Legacy legacy -> {
                    day = legacy.day();
                    accountName = legacy.accountName();
                    targetPath = ReportKeys.reportKey("", day, accountName, accountId);
                    written = Outcome.CONVERTED;
                }
                case SourcePath.Current current -> {
                    if (!current.key().accountId().equals(accountId)) {
                        return new FileResult(path, Outcome.SKIPPED, null, "ARN of account " + accountId
                                + " in the report of account " + current.key().accountId() + " (the ID in its name)");
                    }
                    day = current.key().day();
                    accountName = current.key().accountName();
                    targetPath = path;
                    written = Outcome.COPIED;
                }
                case SourcePath.NotAReport ignored -> throw new IllegalStateException("handled above");
            }
            try {
                return write(path, content, day, accountId, accountName, targetPath, written);
            } catch (SdkException e) {
                return new FileResult(path, Outcome.SKIPPED, targetPath, "not written: " + AwsErrors.describe(e));
            } catch (UncheckedIOException e) {
                return new FileResult(path, Outcome.SKIPPED, targetPath, "not written: " + e.getMessage());
            }
        }

        private FileResult write(String path, byte[] content, LocalDate day, String accountId, String accountName,
                                 String targetPath, Outcome written) {
            // the day's listing says whether the key exists: no read of the target before a write
            Map<String, String> ofDay = reportsByDay.computeIfAbsent(day, this::targetReports);
            String other = ofDay.get(accountId);
            if (other != null && !other.equals(targetPath)) {
                return new FileResult(path, Outcome.CONFLICT, targetPath, "account " + accountId + " already has a report of "
                        + day + " in the target, " + other + " (one report per account and day; the views would use only one)");
            }
            if (other != null) {
                byte[] ours = thisRun.get(targetPath);
                return ours != null ? compared(path, targetPath, Arrays.equals(ours, sha256(content)))
                        : compared(path, targetPath, Arrays.equals(content, target.read(targetPath)));
            }
            if (dryRun || target.create(targetPath, content, accountId, metadata(path, accountId, accountName))) {
                ofDay.put(accountId, targetPath);
                thisRun.put(targetPath, sha256(content));
                return new FileResult(path, written, targetPath, null);
            }
            // created by someone else since the listing
            ofDay.put(accountId, targetPath);
            return compared(path, targetPath, Arrays.equals(content, target.read(targetPath)));
        }

        private FileResult compared(String path, String targetPath, boolean identical) {
            if (identical) {
                return new FileResult(path, Outcome.ALREADY_IMPORTED, targetPath, null);
            }
            return new FileResult(path, Outcome.CONFLICT, targetPath,
                    "the target already holds a different report under this key; it is left as it is");
        }

        /** The report keys already in the target's day folder, by account ID. */
        private Map<String, String> targetReports(LocalDate day) {
            Map<String, String> byAccount = new HashMap<>();
            for (String existing : target.listDay(ReportKeys.datePath(day))) {
                ReportKeys.parse(existing).ifPresent(key -> byAccount.putIfAbsent(key.accountId(), existing));
            }
            return byAccount;
        }

        private Map<String, String> metadata(String path, String accountId, String accountName) {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(ReportStore.META_ACCOUNT_ID, accountId);
            metadata.put(ReportStore.META_ACCOUNT_NAME, ReportKeys.encodeName(accountName));
            metadata.put(META_IMPORTED_FROM, ascii(source.describe() + (source.describe().endsWith("/") ? "" : "/") + path));
            metadata.put(META_IMPORTED_AT, clock.instant().toString());
            return metadata;
        }
    }

    /** Metadata of an imported object: where it came from, and when it was imported. */
    public static final String META_IMPORTED_FROM = "imported-from";
    public static final String META_IMPORTED_AT = "imported-at";

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** S3 metadata is US-ASCII: printable ASCII but {@code %} kept, every other UTF-8 byte {@code %XX}. */
    static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
