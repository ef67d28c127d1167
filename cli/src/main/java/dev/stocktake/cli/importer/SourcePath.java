package dev.stocktake.cli.importer;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stocktake.report.ReportKeys;

/**
 * What a file of the history is, from its path below {@code --from} alone. Pure.
 *
 * <p>The seed's layout is {@code YYYY/MM/DD/<account name>.csv} with the name as the seed's collector wrote it: the
 * raw account name, not percent-encoded ({@code data platform.csv}, {@code 50%off.csv}). So a name is taken exactly
 * as it appears in the file name; a {@code %} in it is part of the name. A file already named as Stocktake names its
 * reports ({@code <encoded name>@<12-digit id>.csv}) is recognised as such.
 */
sealed interface SourcePath {

    /** {@code YYYY/MM/DD/<name>.csv}: a report of the seed's layout, of {@code day}, of the account named {@code name}. */
    record Legacy(LocalDate day, String accountName) implements SourcePath {
    }

    /** Already a Stocktake report key: copied unchanged (after the same check of its ARNs). */
    record Current(ReportKeys.ReportKey key) implements SourcePath {
    }

    /** Not where a report of either layout would be; {@code reason} says why. Nothing to import, not an error. */
    record NotAReport(String reason) implements SourcePath {
    }

    String NOT_A_CSV_UNDER_A_DAY = "not a .csv file directly under a YYYY/MM/DD/ folder";

    Pattern DAY_FILE = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/(.*)");

    static SourcePath of(String relative) {
        Matcher matcher = DAY_FILE.matcher(relative);
        if (!matcher.matches()) {
            return new NotAReport(NOT_A_CSV_UNDER_A_DAY);
        }
        LocalDate day;
        try {
            day = LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
        } catch (DateTimeException e) {
            return new NotAReport("the folder " + relative.substring(0, 10) + " is not a date");
        }
        String file = matcher.group(4);
        if (file.contains("/")) {
            return new NotAReport("nested below the day folder (a report is YYYY/MM/DD/<account name>.csv; "
                    + "an account name with '/' in the seed's layout cannot be told from a sub-folder: move the file "
                    + "up and name it after the account)");
        }
        if (!file.endsWith(".csv")) {
            return new NotAReport(NOT_A_CSV_UNDER_A_DAY);
        }
        Optional<ReportKeys.ReportKey> current = ReportKeys.parse(relative);
        if (current.isPresent()) {
            return new Current(current.get());
        }
        String name = file.substring(0, file.length() - ".csv".length());
        if (name.isEmpty()) {
            return new NotAReport("a file named .csv has no account name");
        }
        return new Legacy(day, name);
    }
}
