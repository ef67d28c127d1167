package dev.stocktake.cli.importer;

import java.nio.charset.StandardCharsets;

/** Credential reports shaped as AWS writes them, for the import tests. */
public final class HistoryFixtures {

    /** The 22 columns of today's report, in AWS's order. */
    public static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private HistoryFixtures() {
    }

    /**
     * A report of {@code accountId} in the format of the IAM User Guide's description and example: the root row,
     * upper-case TRUE/FALSE as the guide prints them, every sentinel (N/A, no_information, not_supported), a user
     * with a path and the characters IAM allows in names, CRLF-free lines and no trailing newline, as
     * GetCredentialReport returns it.
     */
    public static byte[] awsReport(String accountId) {
        return String.join("\n",
                HEADER,
                "<root_account>,arn:aws:iam::" + accountId + ":root,2014-10-15T16:31:25+00:00,not_supported,"
                        + "2025-11-20T17:41:10+00:00,not_supported,not_supported,TRUE,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,"
                        + "FALSE,N/A,FALSE,N/A",
                "Administrator,arn:aws:iam::" + accountId + ":user/Administrator,2014-10-16T16:03:09+00:00,TRUE,"
                        + "2025-11-29T15:18:32+00:00,2014-10-16T16:06:00+00:00,N/A,FALSE,TRUE,2014-12-03T18:53:41+00:00,"
                        + "2025-11-29T09:00:00+00:00,us-east-1,s3,TRUE,2015-03-25T20:38:14+00:00,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A",
                "Bill,arn:aws:iam::" + accountId + ":user/Bill,2015-04-15T18:27:44+00:00,FALSE,N/A,N/A,N/A,FALSE,FALSE,N/A,"
                        + "N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,TRUE,2015-04-20T20:00:12+00:00,FALSE,N/A",
                "ci+deploy=bot.1@ops_team-x,arn:aws:iam::" + accountId + ":user/services/ci+deploy=bot.1@ops_team-x,"
                        + "2020-02-01T00:00:00+00:00,TRUE,no_information,2020-02-01T00:00:00+00:00,N/A,FALSE,TRUE,"
                        + "2020-02-01T00:00:00+00:00,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A")
                .getBytes(StandardCharsets.UTF_8);
    }
}
