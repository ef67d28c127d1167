package dev.stocktake.cli.doctor;

import java.time.LocalDate;
import java.util.List;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/** The account directory's export of the day is in the central bucket (coverage holds the reports against it). */
final class DirectoryCheck {

    static final String CHECK = "directory";

    private DirectoryCheck() {
    }

    static CheckResult run(AwsAccess access, DeploymentConfig config, LocalDate day) {
        AwsAccess.Account central = access.account(AwsAccess.Role.CENTRAL);
        S3Client s3 = access.s3(central);
        String key = Organization.directoryKey(day);
        String where = "s3://" + config.bucket() + "/" + key;
        try {
            Calls.call(central, "s3:GetObject", () -> s3.headObject(r -> r.bucket(config.bucket()).key(key)));
            return CheckResult.ok(CHECK, "account directory export of " + day + " is there (" + where + ")");
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return CheckResult.problem(CHECK, "no account directory export of " + day + " (" + where + ")",
                        "the job " + DeployedNames.DIRECTORY_FUNCTION + " (management account, " + config.collectorRegion()
                                + ") did not export that day: see the account-directory check; coverage meanwhile uses the "
                                + "last export. Run it now: aws lambda invoke --function-name "
                                + DeployedNames.DIRECTORY_FUNCTION + " out.json", List.of());
            }
            throw e;
        }
    }
}
