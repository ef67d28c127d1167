package dev.stocktake.sql.engine;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.allowlist.AllowlistException;
import dev.stocktake.allowlist.IdentityMapping;
import dev.stocktake.allowlist.IdentityMappingException;
import dev.stocktake.allowlist.MigrationSettings;
import dev.stocktake.allowlist.MigrationSettingsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local folder laid out like the report bucket under its prefix: {@code YYYY/MM/DD/<account-name>@<account-id>.csv}
 * (any {@code .csv} file in a day folder is taken; the views check each file's name and content and list the ones
 * they keep out in {@code rejected_reports}, so one odd file never stops a query)
 * (or holding such a folder as {@code credential-reports/}, optionally with the account directory's
 * {@code accounts/YYYY/MM/DD/accounts.csv} and the deployed allowlist {@code allowlist/allowlist.csv} beside it,
 * and for the migration views the Identity Center exports {@code identity-center/YYYY/MM/DD/identity-center.json},
 * the collector's details {@code iam-details/YYYY/MM/DD/<account-name>@<account-id>.json}, and the deployed
 * {@code identity-mapping/identity-mapping.csv}, {@code migration-settings/migration-settings.csv} and
 * {@code milestones/milestones.csv}, and the remediation journal {@code remediation/YYYY/MM/DD/<plan id>/<step id>.<phase>.json};
 * every one of these may be absent: its table is then empty).
 *
 * @param root      the folder the day folders are in (absolute, normalised)
 * @param firstDay  the earliest report day found (the start of the projected range)
 * @param lastDay   the latest report day found
 * @param files     number of report files
 * @param accounts  the account directory's exports, or {@code null} when there is no {@code accounts/} folder beside a
 *                  {@code credential-reports/} folder (the {@code accounts} table is then empty)
 * @param allowlist the {@code allowlist/} folder beside a {@code credential-reports/} folder, holding a valid
 *                  {@code allowlist.csv} only, or {@code null} when there is none (every user is then {@code not_listed})
 * @param identityCenter    the Identity Center exports ({@code identity-center/YYYY/MM/DD/identity-center.json}), or
 *                          {@code null} when there is none (every user is then {@code identity_center_unknown})
 * @param iamDetails        the collector's details ({@code iam-details/YYYY/MM/DD/*.json}), or {@code null}
 * @param identityMapping   the {@code identity-mapping/} folder holding {@code identity-mapping.csv} only, or {@code null}
 * @param migrationSettings the {@code migration-settings/} folder holding {@code migration-settings.csv} only, or
 *                          {@code null} (the views then use the defaults)
 * @param milestones        the {@code milestones/} folder holding {@code milestones.csv} only, or {@code null}
 * @param remediation       the remediation journal ({@code remediation/YYYY/MM/DD/<plan id>/*.json}), or {@code null}
 *                          (nobody was quarantined or removed by Stocktake)
 */
public record ReportFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files, AccountFolder accounts,
                           Path allowlist, DayFolder identityCenter, DayFolder iamDetails, Path identityMapping,
                           Path migrationSettings, Path milestones, DayFolder remediation) {

    static final String LAYOUT = "YYYY/MM/DD/<account-name>@<account-id>.csv";
    static final String ACCOUNTS_LAYOUT = "YYYY/MM/DD/accounts.csv";
    static final String ALLOWLIST_FILE = "allowlist.csv";
    // Any file under a day folder, nested ones too: Athena reads every object under a partition's location, and the
    // views decide which is a report (the others are listed in rejected_reports), so the local engine sees the same.
    private static final Pattern REPORT = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/.+");
    private static final Pattern ACCOUNTS = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/accounts\\.csv");
    static final String IDENTITY_CENTER_LAYOUT = "YYYY/MM/DD/identity-center.json";
    private static final Pattern IDENTITY_CENTER = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/identity-center\\.json");
    static final String IAM_DETAILS_LAYOUT = "YYYY/MM/DD/<account-name>@<account-id>.json";
    // any file under a day folder: the views take a details file by its key (<name>@<id>.json) and ignore the others
    private static final Pattern IAM_DETAILS = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/.+");
    static final String IDENTITY_MAPPING_FILE = "identity-mapping.csv";
    static final String MIGRATION_SETTINGS_FILE = "migration-settings.csv";
    static final String MILESTONES_FILE = "milestones.csv";
    static final String REMEDIATION_LAYOUT = "YYYY/MM/DD/<plan id>/<step id>.<phase>.json";
    // any file under a day folder: the views take a record by its key (<plan id>/<step id>.<phase>.json) and ignore the others
    private static final Pattern REMEDIATION = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/.+");

    /** A report folder without an account directory. */
    public ReportFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files) {
        this(root, firstDay, lastDay, files, null, null);
    }

    /** A report folder with an account directory and without an allowlist. */
    public ReportFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files, AccountFolder accounts) {
        this(root, firstDay, lastDay, files, accounts, null);
    }

    /** A report folder with an account directory and an allowlist, without the migration data. */
    public ReportFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files, AccountFolder accounts, Path allowlist) {
        this(root, firstDay, lastDay, files, accounts, allowlist, null, null, null, null, null);
    }

    /** A report folder with the migration data and without a remediation journal. */
    public ReportFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files, AccountFolder accounts, Path allowlist,
                        DayFolder identityCenter, DayFolder iamDetails, Path identityMapping, Path migrationSettings,
                        Path milestones) {
        this(root, firstDay, lastDay, files, accounts, allowlist, identityCenter, iamDetails, identityMapping,
                migrationSettings, milestones, null);
    }

    /**
     * Daily files under {@code root} ({@code YYYY/MM/DD/...}): the Identity Center exports or the collector's details.
     *
     * @param firstDay the earliest day (the start of the table's projected range)
     */
    public record DayFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files) {
    }

    /**
     * The account directory's exports: {@code YYYY/MM/DD/accounts.csv} under {@code root}.
     *
     * @param firstDay the earliest export (the start of the {@code accounts} table's projected range)
     */
    public record AccountFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files) {
    }

    /**
     * Checks the layout of {@code folder} and finds its first and last report day. Hidden files and folders
     * (starting with {@code .} or {@code _}, which Trino ignores as well) are skipped.
     *
     * @throws ReportFolderException when the folder does not exist, holds no report, or holds a file elsewhere
     */
    public static ReportFolder scan(Path folder) {
        Path root = locate(folder.toAbsolutePath().normalize());
        Days reports = days(root, REPORT, LAYOUT);
        if (reports.count() == 0) {
            throw new ReportFolderException("no credential reports in " + root + ": expected files laid out like the bucket, "
                    + LAYOUT);
        }
        AccountFolder accounts = null;
        Path allowlist = null;
        boolean bucketCopy = root.getParent() != null && root.getFileName() != null
                && root.getFileName().toString().equals("credential-reports");
        Path accountsRoot = bucketCopy ? root.getParent().resolve("accounts") : null;
        if (accountsRoot != null && Files.isDirectory(accountsRoot)) {
            Days exports = days(accountsRoot, ACCOUNTS, ACCOUNTS_LAYOUT);
            if (exports.count() > 0) {
                accounts = new AccountFolder(accountsRoot, exports.first(), exports.last(), exports.count());
            }
        }
        Path allowlistRoot = bucketCopy ? root.getParent().resolve("allowlist") : null;
        if (allowlistRoot != null && Files.isDirectory(allowlistRoot)) {
            allowlist = allowlist(allowlistRoot);
        }
        if (!bucketCopy) {
            return new ReportFolder(root, reports.first(), reports.last(), reports.count(), accounts, allowlist);
        }
        Path data = root.getParent();
        return new ReportFolder(root, reports.first(), reports.last(), reports.count(), accounts, allowlist,
                dayFolder(data.resolve("identity-center"), IDENTITY_CENTER, IDENTITY_CENTER_LAYOUT),
                dayFolder(data.resolve("iam-details"), IAM_DETAILS, IAM_DETAILS_LAYOUT),
                checked(singleFile(data.resolve("identity-mapping"), IDENTITY_MAPPING_FILE, "identity_mapping"),
                        IDENTITY_MAPPING_FILE, file -> IdentityMapping.parse(file),
                        "./stocktake mapping check <file>"),
                checked(singleFile(data.resolve("migration-settings"), MIGRATION_SETTINGS_FILE, "migration_settings"),
                        MIGRATION_SETTINGS_FILE, file -> MigrationSettings.parseSettingsCsv(file.toString(),
                                Files.newBufferedReader(file)), "regenerate it from the config (MigrationSettings.settingsCsv())"),
                checked(singleFile(data.resolve("milestones"), MILESTONES_FILE, "milestones"),
                        MILESTONES_FILE, file -> MigrationSettings.parseMilestonesCsv(file.toString(),
                                Files.newBufferedReader(file)), "regenerate it from the config (MigrationSettings.milestonesCsv())"),
                dayFolder(data.resolve("remediation"), REMEDIATION, REMEDIATION_LAYOUT));
    }

    private interface Check {
        void check(Path file) throws IOException;
    }

    /**
     * {@code folder} when its {@code file} passes {@code check} (the validation the deployment applies), {@code null}
     * when there is no folder.
     *
     * @throws ReportFolderException naming every problem, the file and what to do
     */
    private static Path checked(Path folder, String file, Check check, String fix) {
        if (folder == null) {
            return null;
        }
        Path path = folder.resolve(file);
        try {
            check.check(path);
        } catch (IdentityMappingException | MigrationSettingsException e) {
            throw new ReportFolderException(e.getMessage() + "\nFix the file (" + fix.replace("<file>", path.toString()) + ") or remove it.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return folder;
    }

    /** The daily files under {@code root} when it exists and holds any; {@code null} otherwise. */
    private static DayFolder dayFolder(Path root, Pattern pattern, String layout) {
        if (!Files.isDirectory(root)) {
            return null;
        }
        Days days = days(root, pattern, layout);
        return days.count() == 0 ? null : new DayFolder(root, days.first(), days.last(), days.count());
    }

    /**
     * {@code root} when it holds {@code file} and nothing else the table would read; {@code null} when it does not
     * exist or holds no file.
     */
    private static Path singleFile(Path root, String file, String table) {
        if (!Files.isDirectory(root)) {
            return null;
        }
        List<String> files = visibleFiles(root);
        if (files.isEmpty()) {
            return null;
        }
        if (!files.equals(List.of(file))) {
            throw new ReportFolderException("bad layout in " + root + ": expected only " + file + " (the " + table
                    + " table reads every file there), found " + String.join(", ", files)
                    + "; move the other files out of the folder");
        }
        return root;
    }

    private static List<String> visibleFiles(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(relative -> !isHidden(relative))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * The {@code allowlist/} folder when it holds {@code allowlist.csv} (valid, checked with {@link Allowlist#parse})
     * and nothing else the table would read; {@code null} when it holds no file.
     */
    private static Path allowlist(Path root) {
        List<String> files;
        try (Stream<Path> paths = Files.walk(root)) {
            files = paths.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(relative -> !isHidden(relative))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (files.isEmpty()) {
            return null;
        }
        if (!files.equals(List.of(ALLOWLIST_FILE))) {
            throw new ReportFolderException("bad layout in " + root + ": expected only " + ALLOWLIST_FILE
                    + " (the allowlist table reads every file there), found " + String.join(", ", files));
        }
        Path file = root.resolve(ALLOWLIST_FILE);
        try {
            Allowlist.parse(file.toString(), Files.readAllBytes(file));
        } catch (AllowlistException e) {
            throw new ReportFolderException(e.getMessage() + "\nFix the file (./stocktake allowlist check " + file
                    + ") or remove it.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return root;
    }

    private record Days(LocalDate first, LocalDate last, int count) {
    }

    /** The first and last day of the files under {@code root}, all of which must match {@code layout}. */
    private static Days days(Path root, Pattern pattern, String layout) {
        List<String> badFiles = new ArrayList<>();
        LocalDate first = null;
        LocalDate last = null;
        int count = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (isHidden(relative)) {
                    continue;
                }
                LocalDate day = day(pattern, relative);
                if (day == null) {
                    badFiles.add(relative);
                    continue;
                }
                count++;
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (!badFiles.isEmpty()) {
            throw new ReportFolderException("bad layout in " + root + ": expected only " + layout + " files, found "
                    + String.join(", ", badFiles.subList(0, Math.min(5, badFiles.size())))
                    + (badFiles.size() > 5 ? " and " + (badFiles.size() - 5) + " more" : ""));
        }
        return new Days(first, last, count);
    }

    /**
     * The folder itself, or its {@code credential-reports/} sub-folder (the default prefix, as
     * {@code stocktake collect --out} and a bucket copy leave it) when the folder has no year folder of its own.
     */
    private static Path locate(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ReportFolderException("no such folder: " + folder);
        }
        Path prefixed = folder.resolve("credential-reports");
        if (Files.isDirectory(prefixed) && !hasYearFolder(folder)) {
            return prefixed;
        }
        return folder;
    }

    private static boolean hasYearFolder(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.anyMatch(child -> Files.isDirectory(child) && child.getFileName().toString().matches("\\d{4}"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static boolean isHidden(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static LocalDate day(Pattern pattern, String relative) {
        Matcher matcher = pattern.matcher(relative);
        if (!matcher.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
