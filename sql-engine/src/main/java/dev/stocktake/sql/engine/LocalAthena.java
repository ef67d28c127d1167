package dev.stocktake.sql.engine;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.table.TableDefinition;
import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.trino.Session;
import io.trino.execution.QueryInfo;
import io.trino.execution.QueryStats;
import io.trino.operator.OperatorStats;
import io.trino.plugin.hive.HivePlugin;
import io.trino.spi.type.SqlDate;
import io.trino.spi.type.SqlDecimal;
import io.trino.spi.type.SqlTimestamp;
import io.trino.spi.type.SqlTimestampWithTimeZone;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import io.trino.testing.StandaloneQueryRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.testing.TestingSession.testSessionBuilder;

/**
 * An embedded Trino (the engine behind Athena v3) over a local folder laid out like the report bucket, with the
 * {@code credential_reports}, {@code accounts}, {@code allowlist} and migration tables ({@code identity_center},
 * {@code iam_details}, {@code identity_mapping}, {@code migration_settings}, {@code milestones}) and the remediation
 * journal ({@code remediation_journal}) written into its metastore the way Glue holds them (partition projection and
 * {@code storage.location.template} included, read by Trino's Hive connector as Athena reads them) and the shipped
 * views, each created in order when a statement first reads it.
 *
 * <p>Needs Java 25 started with {@code --add-modules=jdk.incubator.vector}. Starting takes a few seconds (longer
 * without the CLI's AOT cache) and a few hundred MB of heap; share one instance.
 */
public final class LocalAthena implements AutoCloseable {

    /** Catalog and schema the session uses; views and queries never name them. */
    public static final String CATALOG = "awsdatacatalog";
    public static final String SCHEMA = "stocktake";

    /** Held so the level set on it survives (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger AIRLIFT_LOGGING = java.util.logging.Logger.getLogger(Logging.class.getName());

    /**
     * The catalog's access rules (Trino's file-based access control): the shipped views are created and replaced by
     * their owner (views run with their owner's rights, hence {@code GRANT_SELECT} on what they read); only
     * {@code report_rows_compacted} may be written.
     */
    static final String ACCESS_RULES = """
            {
              "schemas": [{"owner": true}],
              "tables": [
                {"table": "credential_reports|accounts|allowlist|identity_center|iam_details|identity_mapping|migration_settings|milestones|remediation_journal",
                 "privileges": ["SELECT", "GRANT_SELECT"]},
                {"privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]}
              ]
            }
            """;

    private static final Pattern POSITION = Pattern.compile("^line (\\d+):(\\d+): (.*)", Pattern.DOTALL);

    private final StandaloneQueryRunner runner;
    private final Session session;
    private final Path metastore;
    private final ReportFolder folder;
    private final SqlCatalog catalog;
    private final Path compacted;
    /** See {@link #definitionsKey()}. */
    private final String definitionsKey;
    /** Where the shipped views' definitions are kept between runs, or {@code null}. */
    private final ViewCache viewCache;
    /** The shipped views created so far (by name): each is created the first time a statement may read it. */
    private final java.util.Set<String> created = new java.util.HashSet<>();
    /**
     * Whether a statement other than a query ran (DDL such as {@code DROP VIEW}, or a write): until one does, the views
     * created are known to exist without asking the engine.
     */
    private boolean schemaMayHaveChanged;
    /** The report days the statements run so far planned to read (see {@link #reportDaysRead()}). */
    private final java.util.SortedSet<LocalDate> reportDaysRead = new java.util.TreeSet<>();

    private LocalAthena(StandaloneQueryRunner runner, Session session, Path metastore, ReportFolder folder,
                        SqlCatalog catalog, Path compacted, String definitionsKey, ViewCache viewCache) {
        this.definitionsKey = definitionsKey;
        this.viewCache = viewCache;
        this.runner = runner;
        this.session = session;
        this.metastore = metastore;
        this.folder = folder;
        this.catalog = catalog;
        this.compacted = compacted;
    }

    /**
     * Starts the engine over {@code folder} (checked with {@link ReportFolder#scan}). The shipped views are created
     * when a statement first reads them (a broken view fails that statement with a {@link SqlException} naming the
     * view's file and line).
     *
     * @throws ReportFolderException when the folder is missing, empty or badly laid out
     */
    public static LocalAthena start(Path folder) {
        return start(ReportFolder.scan(folder), SqlCatalog.shipped());
    }

    /** Starts the engine over a folder already scanned (so it is not scanned twice). */
    public static LocalAthena start(ReportFolder folder) {
        return start(folder, SqlCatalog.shipped());
    }

    /**
     * Starts the engine over a folder already scanned, keeping the shipped views' definitions in {@code viewCache}
     * between runs (see {@link ViewCache}); {@code null} for none.
     */
    public static LocalAthena start(ReportFolder folder, Path viewCache) {
        return start(folder, SqlCatalog.shipped(), startServer(), viewCache);
    }

    static LocalAthena start(ReportFolder folder, SqlCatalog catalog) {
        return start(folder, catalog, startServer(), null);
    }

    /**
     * The engine over {@code folder}, on a server started by {@link #startServer()} (now or ahead, see
     * {@link #startAhead()}): what depends on the folder, its metastore and catalog, is made here. The views found in
     * {@code viewCache} (when not {@code null}) are copied into the metastore as created.
     */
    private static LocalAthena start(ReportFolder folder, SqlCatalog catalog, StandaloneQueryRunner runner, Path viewCache) {
        Path metastore;
        Path compacted;
        List<TableDefinition> tables;
        try {
            metastore = Files.createTempDirectory("stocktake-metastore-");
            // without an accounts/ folder, the accounts table reads an empty folder: no rows, as on an empty prefix
            Path accountsRoot = folder.accounts() != null ? folder.accounts().root()
                    : Files.createDirectories(metastore.resolve("no-accounts"));
            LocalDate accountsStart = folder.accounts() != null ? folder.accounts().firstDay() : folder.firstDay();
            // without an allowlist/ folder, the allowlist table is empty: every user is not_listed
            Path allowlistRoot = folder.allowlist() != null ? folder.allowlist()
                    : Files.createDirectories(metastore.resolve("no-allowlist"));
            // the migration data: each absent folder is an empty table (views use their defaults, or say "unknown")
            Path identityCenterRoot = folder.identityCenter() != null ? folder.identityCenter().root()
                    : Files.createDirectories(metastore.resolve("no-identity-center"));
            LocalDate identityCenterStart = folder.identityCenter() != null ? folder.identityCenter().firstDay() : folder.firstDay();
            Path iamDetailsRoot = folder.iamDetails() != null ? folder.iamDetails().root()
                    : Files.createDirectories(metastore.resolve("no-iam-details"));
            LocalDate iamDetailsStart = folder.iamDetails() != null ? folder.iamDetails().firstDay() : folder.firstDay();
            Path identityMappingRoot = folder.identityMapping() != null ? folder.identityMapping()
                    : Files.createDirectories(metastore.resolve("no-identity-mapping"));
            Path migrationSettingsRoot = folder.migrationSettings() != null ? folder.migrationSettings()
                    : Files.createDirectories(metastore.resolve("no-migration-settings"));
            Path milestonesRoot = folder.milestones() != null ? folder.milestones()
                    : Files.createDirectories(metastore.resolve("no-milestones"));
            // without a remediation/ folder nobody was quarantined or removed by Stocktake: an empty journal
            Path remediationRoot = folder.remediation() != null ? folder.remediation().root()
                    : Files.createDirectories(metastore.resolve("no-remediation"));
            LocalDate remediationStart = folder.remediation() != null ? folder.remediation().firstDay() : folder.firstDay();
            // the compaction job's Parquet copy starts empty, as on a new deployment; the shipped report_rows view reads
            // no day from it until a compaction moves its boundary (see dev.stocktake.sql.compaction)
            // (outside the metastore folder: Trino refuses partition locations inside it)
            compacted = Files.createTempDirectory("stocktake-compacted-reports-");
            tables = List.of(
                    TableDefinition.credentialReportsAt("local://" + FileMetastore.location(folder.root()), "", folder.firstDay()),
                    TableDefinition.accountsAt("local://" + FileMetastore.location(accountsRoot), "", accountsStart),
                    TableDefinition.allowlistAt("local://" + FileMetastore.location(allowlistRoot), ""),
                    TableDefinition.identityCenterAt("local://" + FileMetastore.location(identityCenterRoot), "", identityCenterStart),
                    TableDefinition.iamDetailsAt("local://" + FileMetastore.location(iamDetailsRoot), "", iamDetailsStart),
                    TableDefinition.identityMappingAt("local://" + FileMetastore.location(identityMappingRoot), ""),
                    TableDefinition.migrationSettingsAt("local://" + FileMetastore.location(migrationSettingsRoot), ""),
                    TableDefinition.milestonesAt("local://" + FileMetastore.location(milestonesRoot), ""),
                    TableDefinition.remediationJournalAt("local://" + FileMetastore.location(remediationRoot), "", remediationStart),
                    TableDefinition.reportRowsCompactedAt("local://" + FileMetastore.location(compacted), ""));
            FileMetastore.write(metastore, SCHEMA, tables);
            Files.writeString(metastore.resolve(".access-rules.json"), ACCESS_RULES);
        } catch (IOException e) {
            runner.close();
            throw new UncheckedIOException("cannot write the metastore", e);
        }
        Session session = session();
        String definitionsKey = ViewCache.key(catalog.views(), tables, ACCESS_RULES, session.getUser());
        ViewCache views = viewCache == null ? null : ViewCache.in(viewCache, definitionsKey);
        LocalAthena athena = new LocalAthena(runner, session, metastore, folder, catalog, compacted, definitionsKey, views);
        if (views != null) {
            athena.created.addAll(views.restore(metastore.resolve(SCHEMA), catalog.views()));
        }
        try {
            runner.createCatalog(CATALOG, "hive", Map.ofEntries(
                    Map.entry("hive.metastore", "file"),
                    Map.entry("hive.metastore.catalog.dir", "local://" + FileMetastore.location(metastore)),
                    // written by "Glue" (us), not by this Trino: accept metadata without Trino's writer version
                    Map.entry("hive.metastore.version-compatibility", "UNSAFE_ASSUME_COMPATIBILITY"),
                    Map.entry("fs.local.enabled", "true"),
                    Map.entry("local.location", "/"),
                    // projected days without a folder (missing days) are empty, as on Athena
                    Map.entry("hive.ignore-absent-partitions", "true"),
                    // Athena reads the objects in sub-folders of a table or partition location too
                    Map.entry("hive.recursive-directories", "true"),
                    Map.entry("hive.table-statistics-enabled", "false"),
                    // Glue holds no column statistics for these tables either; the compaction's INSERT writes none
                    Map.entry("hive.collect-column-statistics-on-write", "false"),
                    // Glue's tables are all EXTERNAL and Athena's INSERT INTO writes to them: so may this engine,
                    // but only into the compaction's Parquet copy (ACCESS_RULES): the report, directory and allowlist
                    // folders are the user's data and stay read-only, whatever a statement asks
                    Map.entry("hive.non-managed-table-writes-enabled", "true"),
                    Map.entry("hive.security", "file"),
                    Map.entry("security.config-file", metastore.resolve(".access-rules.json").toAbsolutePath().toString())));
            return athena;
        } catch (RuntimeException e) {
            athena.close();
            throw e;
        }
    }

    private static Session session() {
        return testSessionBuilder()
                .setCatalog(CATALOG)
                .setSchema(SCHEMA)
                .setTimeZoneKey(UTC_KEY)
                .build();
    }

    /**
     * The part of the start that does not depend on the folder, and most of its time: Trino's coordinator (its Guice
     * bootstrap, HTTP server, function and type registries) with the Hive connector installed, no catalog yet.
     */
    private static StandaloneQueryRunner startServer() {
        quietLogging();
        StandaloneQueryRunner runner = new StandaloneQueryRunner(session());
        try {
            runner.installPlugin(new HivePlugin());
            return runner;
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /**
     * Starts the folder-independent part of the engine (its server: most of the start's time) on a background thread
     * now, so that it overlaps what the caller does before it has the folder (copying from S3, scanning the folder,
     * checking the statement); {@link Ahead#start(ReportFolder)} then finishes it. Call it after taking the writers for
     * stdout and stderr: the engine's logging replaces {@code System.out} and {@code System.err} (see
     * {@link #quietLogging()}).
     */
    public static Ahead startAhead() {
        // on the caller's thread, before it can exit: a JVM exiting (a usage error, say) resets java.util.logging in a
        // shutdown hook, and the engine's logging set up after that would print its INFO lines
        quietLogging();
        CompletableFuture<StandaloneQueryRunner> server = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                server.complete(startServer());
            } catch (Throwable e) {
                server.completeExceptionally(e);
            }
        }, "stocktake-engine-start-ahead");
        thread.setDaemon(true);
        thread.start();
        return new Ahead(server);
    }

    /** An engine whose server is starting (see {@link #startAhead()}); closing it stops the server unless taken. */
    public static final class Ahead implements AutoCloseable {
        private final CompletableFuture<StandaloneQueryRunner> server;
        private boolean taken;
        private boolean closed;

        private Ahead(CompletableFuture<StandaloneQueryRunner> server) {
            this.server = server;
        }

        /**
         * The engine over {@code folder} on the server started ahead, waiting for it (once: the server goes to this
         * engine, which closes it).
         *
         * @throws IllegalStateException when called twice or after {@link #close()}
         */
        public LocalAthena start(ReportFolder folder) {
            return start(folder, null);
        }

        /**
         * As {@link #start(ReportFolder)}, keeping the shipped views' definitions in {@code viewCache} between runs
         * (see {@link ViewCache}); {@code null} for none.
         */
        public LocalAthena start(ReportFolder folder, Path viewCache) {
            synchronized (this) {
                if (taken || closed) {
                    throw new IllegalStateException(closed ? "the engine started ahead was closed"
                            : "the engine started ahead was already taken");
                }
                taken = true;
            }
            StandaloneQueryRunner runner;
            try {
                runner = server.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
            return LocalAthena.start(folder, SqlCatalog.shipped(), runner, viewCache);
        }

        /** Stops the server started ahead (once it has started) unless an engine took it. */
        @Override
        public synchronized void close() {
            if (!taken && !closed) {
                server.thenAccept(StandaloneQueryRunner::close);
            }
            closed = true;
        }
    }

    /**
     * Trino logs its whole configuration at INFO on start; keep warnings only. (Airlift's logging also routes
     * System.out and System.err through loggers once initialised: write results to a writer taken before start.)
     */
    private static void quietLogging() {
        AIRLIFT_LOGGING.setLevel(java.util.logging.Level.WARNING);
        Logging logging = Logging.initialize();
        logging.setRootLevel(Level.WARN);
    }

    /** The folder the engine reads. */
    public ReportFolder folder() {
        return folder;
    }

    /**
     * Where the {@code report_rows_compacted} table keeps its files (a temporary folder beside the metastore, deleted
     * on {@link #close()}):
     * what the compaction job's {@code INSERT INTO} writes, one {@code dt=<escaped day>/} folder per day.
     */
    public Path compactedRoot() {
        return compacted;
    }

    /**
     * The days of credential reports (in {@code credential_reports} or its compacted copy) that the statements run so
     * far on this engine read, from the partitions Trino planned to scan after pruning: empty when none read a report
     * (a statement like {@code select 1}), one day when a statement asked for one day, every day of the folder when one
     * did not filter on {@code dt}. {@code stocktake sql} looks for rejected files on these days only.
     */
    public synchronized java.util.SortedSet<LocalDate> reportDaysRead() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(reportDaysRead));
    }

    /**
     * Forgets the days read so far, so that {@link #reportDaysRead()} names the days of the statements run from now
     * on: an engine kept between runs of {@code stocktake sql} calls it before each run's statement.
     */
    public synchronized void forgetReportDaysRead() {
        reportDaysRead.clear();
    }

    private static final Pattern DAY_PARTITION = Pattern.compile("dt=(\\d{4})(?:/|%2F)(\\d{2})(?:/|%2F)(\\d{2})");

    private synchronized void recordReportDays(QueryInfo info) {
        for (io.trino.execution.Input input : info.getInputs()) {
            if (!input.table().equals("credential_reports") && !input.table().equals("report_rows_compacted")) {
                continue;
            }
            List<LocalDate> days = new ArrayList<>();
            if (input.connectorInfo().orElse(null) instanceof io.trino.plugin.hive.HiveInputInfo hive) {
                for (String partition : hive.partitionIds()) {
                    Matcher matcher = DAY_PARTITION.matcher(partition);
                    if (!matcher.matches()) {
                        days = null;
                        break;
                    }
                    days.add(LocalDate.of(Integer.parseInt(matcher.group(1)),
                            Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))));
                }
            } else {
                days = null;
            }
            if (days == null) {
                // the planner did not say which days: count every day of the folder as read
                folder.firstDay().datesUntil(folder.lastDay().plusDays(1)).forEach(reportDaysRead::add);
            } else {
                reportDaysRead.addAll(days);
            }
        }
    }

    /**
     * Whether {@code name} is a view of this engine: a shipped view not created yet counts (it is created when a
     * statement reads it); once created, whether it still exists (a statement may have dropped or replaced it).
     */
    public synchronized boolean hasView(String name) {
        if (!created.contains(name)) {
            return catalog.view(name).isPresent();
        }
        if (!schemaMayHaveChanged) {
            return true; // created, and only queries ran since: no need for a query on information_schema
        }
        MaterializedResult views = runner.execute(session, "select count(*) from information_schema.views "
                + "where table_schema = '" + SCHEMA + "' and table_name = '" + name.replace("'", "''") + "'");
        return (Long) views.getOnlyValue() > 0;
    }

    /** {@code select * from <view>}, ordered by its first three columns (day, account, ... in every view). */
    public QueryResult view(String name) {
        SqlFile view = catalog.view(name).orElseThrow(() -> new IllegalArgumentException(
                "no view named '" + name + "'; views: " + catalog.views().stream().map(SqlFile::name).toList()));
        return execute(view.path(), "select * from " + view.name() + " order by 1, 2, 3");
    }

    /** Runs a shipped named query. */
    public QueryResult query(String name) {
        SqlFile query = catalog.query(name).orElseThrow(() -> new IllegalArgumentException(
                "no query named '" + name + "'; queries: " + catalog.queries().stream().map(SqlFile::name).toList()));
        return execute(query.path(), query.statement());
    }

    /**
     * Runs one statement.
     *
     * @param source where the statement came from, for error messages (a file path or {@code <command line>})
     * @throws SqlException when Trino rejects or fails the statement
     */
    public QueryResult execute(String source, String sql) {
        String statement = stripTrailingSemicolon(sql);
        createViewsFor(statement);
        MaterializedResultWithPlan executed;
        try {
            executed = runner.executeWithPlan(session, statement);
        } catch (RuntimeException e) {
            throw sqlException(source, e);
        }
        MaterializedResult result = executed.result();
        List<List<Object>> rows = new ArrayList<>();
        for (MaterializedRow row : result.getMaterializedRows()) {
            rows.add(Collections.unmodifiableList(row.getFields().stream().map(LocalAthena::javaValue).toList()));
        }
        QueryInfo info = finalQueryInfo(executed);
        recordReportDays(info);
        if (info.getUpdateType() != null) {
            markSchemaMayHaveChanged();
        }
        QueryStats stats = info.getQueryStats();
        return new QueryResult(
                result.getTypes().isEmpty() ? List.of() : result.getColumnNames(),
                result.getTypes().stream().map(type -> type.getDisplayName()).toList(),
                rows,
                stats.getPhysicalInputDataSize().toBytes(),
                scanSplits(stats),
                stats.getElapsedTime().toMillis());
    }

    /**
     * Creates, in the catalog's order, the shipped views {@code statement} may read and the views those read, unless
     * created before. A statement that lists or describes tables in general ({@code SHOW}, {@code information_schema},
     * {@code system.}) gets every view, so it sees the same schema as Athena. Names are matched as words,
     * case-insensitively, anywhere in the text (comments and strings too): a false match only creates a view early.
     * Creating a view analyses it (and the views it reads); doing so for all of them took most of the engine's start,
     * so a statement that reads two views no longer pays for twenty.
     *
     * @throws SqlException when a view fails to create (the message names its file and line)
     */
    private synchronized void createViewsFor(String statement) {
        java.util.Set<String> words = words(statement);
        if (words.contains("information_schema") || words.contains("system") || words.contains("show")
                || words.contains("describe") || words.contains("desc")) {
            createAllViews();
            return;
        }
        java.util.Set<String> needed = new java.util.HashSet<>();
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(words);
        while (!pending.isEmpty()) {
            String word = pending.pop();
            catalog.view(word).filter(view -> needed.add(view.name()))
                    .ifPresent(view -> pending.addAll(words(view.statement())));
        }
        for (SqlFile view : catalog.views()) {
            if (needed.contains(view.name()) && !created.contains(view.name())) {
                createView(view);
            }
        }
    }

    private synchronized void markSchemaMayHaveChanged() {
        schemaMayHaveChanged = true;
    }

    /**
     * Whether only queries ran on this engine so far: no statement changed a view or wrote a table, so the shipped
     * views still answer as shipped (what a cache of their answers may rely on).
     */
    public synchronized boolean onlyQueriesRan() {
        return !schemaMayHaveChanged;
    }

    /**
     * A fingerprint of what the shipped views answer from besides the data: the engine's version, the views' SQL, the
     * tables' columns and the access rules. The same data gives the same answers while it stays the same.
     */
    public String definitionsKey() {
        return definitionsKey;
    }

    /** The shipped views created so far, by name (for the tests). */
    synchronized java.util.Set<String> createdViews() {
        return java.util.Set.copyOf(created);
    }

    /** Creates every shipped view not created yet; {@code false} when there was none left to create. */
    private synchronized boolean createAllViews() {
        boolean any = false;
        for (SqlFile view : catalog.views()) {
            if (!created.contains(view.name())) {
                createView(view);
                any = true;
            }
        }
        return any;
    }

    private void createView(SqlFile view) {
        try {
            runner.execute(session, stripTrailingSemicolon(view.statement()));
        } catch (RuntimeException e) {
            throw sqlException(view.path(), e);
        }
        created.add(view.name());
        if (viewCache != null) {
            viewCache.save(metastore.resolve(SCHEMA), view.name());
        }
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The identifier-like words of {@code sql}, lower-cased. */
    private static java.util.Set<String> words(String sql) {
        java.util.Set<String> words = new java.util.HashSet<>();
        Matcher matcher = WORD.matcher(sql);
        while (matcher.find()) {
            words.add(matcher.group().toLowerCase(java.util.Locale.ROOT));
        }
        return words;
    }

    /**
     * The query's final statistics. The client's statement statistics are a snapshot taken when the last page
     * arrives, before every task has reported: on a loaded machine they undercount splits. The coordinator's final
     * query info is complete; it is set moments after the query finishes.
     */
    private QueryInfo finalQueryInfo(MaterializedResultWithPlan executed) {
        CompletableFuture<QueryInfo> info = new CompletableFuture<>();
        runner.getCoordinator().getQueryManager().addFinalQueryInfoListener(executed.queryId(), info::complete);
        try {
            return info.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the statistics of query " + executed.queryId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the engine gave no final statistics for query " + executed.queryId()
                    + " within 30 s; the machine may be overloaded", e);
        }
    }

    /** Splits read by table scans: one driver per split in a scan pipeline, so one per report file for files this small. */
    private static int scanSplits(QueryStats stats) {
        return stats.getOperatorSummaries().stream()
                .filter(operator -> operator.getOperatorType().contains("TableScan")
                        || operator.getOperatorType().startsWith("ScanFilterAndProject"))
                .mapToLong(OperatorStats::getTotalDrivers)
                .mapToInt(Math::toIntExact)
                .sum();
    }

    /** Trino's client-side values as plain Java values; {@code null} stays {@code null}. */
    private static Object javaValue(Object value) {
        return switch (value) {
            case null -> null;
            case SqlDate date -> LocalDate.ofEpochDay(date.getDays());
            case SqlTimestamp timestamp -> timestamp.toLocalDateTime();
            case SqlTimestampWithTimeZone timestamp -> timestamp.toZonedDateTime();
            case SqlDecimal decimal -> decimal.toBigDecimal();
            case List<?> list -> Collections.unmodifiableList(list.stream().map(LocalAthena::javaValue).toList());
            default -> value;
        };
    }

    private static String stripTrailingSemicolon(String sql) {
        return sql.stripTrailing().replaceFirst(";$", "");
    }

    private static SqlException sqlException(String source, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher matcher = POSITION.matcher(message);
        if (matcher.matches()) {
            return new SqlException(source, OptionalInt.of(Integer.parseInt(matcher.group(1))),
                    OptionalInt.of(Integer.parseInt(matcher.group(2))), matcher.group(3), e);
        }
        return new SqlException(source, OptionalInt.empty(), OptionalInt.empty(), message, e);
    }

    @Override
    public void close() {
        // Closing right after a short statement, the coordinator's asynchronous clean-up of its tasks may find the
        // server gone and log an error with a stack trace ("Error in async cleanup"): nothing the user asked for failed.
        Logging.initialize().setLevel("io.trino.server.remotetask.HttpRemoteTask", Level.OFF);
        try {
            runner.close();
        } finally {
            try {
                deleteRecursively(metastore);
            } finally {
                deleteRecursively(compacted);
            }
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
