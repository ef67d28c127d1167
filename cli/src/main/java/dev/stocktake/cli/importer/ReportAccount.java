package dev.stocktake.cli.importer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * The account a credential report belongs to, read from its own ARNs: the {@code arn} column, found by its name in
 * the header, of every row must name one and the same 12-digit account. Pure; a reason never quotes a cell of the
 * report (they hold user names), only column names, row numbers and account IDs.
 */
sealed interface ReportAccount {

    record Found(String accountId, int rows) implements ReportAccount {
    }

    record Problem(String reason) implements ReportAccount {
    }

    /** {@code arn:<partition>:iam::<12 digits>:root|user/...}: the account is the fifth field. */
    Pattern IAM_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):(?:root|user/.+)");

    CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    static ReportAccount of(byte[] content) {
        if (content.length == 0) {
            return new Problem("not a credential report: the file is empty");
        }
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> records = CSV.readerForListOf(String.class).readValues(content)) {
            while (records.hasNextValue()) {
                rows.add(records.nextValue());
            }
        } catch (JsonProcessingException e) {
            // the parser's message may quote the text: give its position only
            return new Problem("unreadable: not valid CSV near line " + e.getLocation().getLineNr());
        } catch (IOException | RuntimeException e) {
            return new Problem("unreadable: not valid CSV (" + e.getClass().getSimpleName() + ")");
        }
        if (rows.isEmpty()) {
            return new Problem("not a credential report: the file has no header row");
        }
        List<String> header = rows.getFirst();
        int user = header.indexOf("user");
        int arn = header.indexOf("arn");
        if (user < 0 || arn < 0) {
            return new Problem("not a credential report: the header has no "
                    + (user < 0 && arn < 0 ? "user and arn columns" : user < 0 ? "user column" : "arn column"));
        }
        if (header.lastIndexOf("arn") != arn) {
            return new Problem("not a credential report: the header names column arn more than once");
        }
        if (rows.size() == 1) {
            return new Problem("no ARN: the report has no rows after the header, so its account is unknown");
        }
        TreeSet<String> accounts = new TreeSet<>();
        for (int row = 1; row < rows.size(); row++) {
            List<String> cells = rows.get(row);
            if (cells.size() <= arn) {
                return new Problem("no ARN in data row " + row + ": it has " + cells.size() + " field(s), the arn column is field "
                        + (arn + 1));
            }
            Matcher matcher = IAM_ARN.matcher(cells.get(arn));
            if (!matcher.matches()) {
                return new Problem("no ARN in data row " + row + ": its arn value is not an IAM user or root ARN");
            }
            accounts.add(matcher.group(1));
        }
        if (accounts.size() > 1) {
            return new Problem("mixed accounts: the ARNs name " + accounts.size() + " accounts ("
                    + String.join(", ", accounts.stream().limit(3).toList()) + (accounts.size() > 3 ? ", ..." : "")
                    + "); a report holds one account's users");
        }
        return new Found(accounts.first(), rows.size() - 1);
    }
}
