package dev.stocktake.cli.doctor;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * One AWS call of a check, named by its IAM action: a denied call becomes {@link CheckUnavailable} naming the
 * missing permission and the account; so do expired credentials and an unreachable endpoint. Any other service
 * error (a stack set or table not found) reaches the check, which knows what it means.
 */
final class Calls {

    private static final Set<String> DENIED = Set.of("accessdenied", "accessdeniedexception", "unauthorizedoperation",
            "authorizationerror", "authorizationerrorexception", "forbidden");
    private static final Set<String> BAD_CREDENTIALS = Set.of("expiredtoken", "expiredtokenexception", "invalidclienttokenid",
            "unrecognizedclientexception", "signaturedoesnotmatch", "invalidaccesskeyid");

    private Calls() {
    }

    static <T> T call(AwsAccess.Account account, String action, Supplier<T> call) {
        if (!account.usable()) {
            throw new CheckUnavailable("cannot call " + action + " in the " + account.role().label() + " "
                    + account.accountId() + ": " + account.problem(),
                    "pass " + account.role().flag() + " (or --profile) with credentials of account " + account.accountId());
        }
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                    : e.awsErrorDetails().errorCode().toLowerCase(Locale.ROOT);
            if (DENIED.contains(code) || (e.statusCode() == 403 && !BAD_CREDENTIALS.contains(code))) {
                // a role assumed on the way (a member account's log) is refused as an STS error
                String denied = e instanceof StsException ? "sts:AssumeRole (on the way to " + action + ")" : action;
                throw new CheckUnavailable("access denied: " + account.describe() + " lacks " + denied,
                        "allow " + denied + " to the role behind " + (account.profile() == null ? "your credentials"
                                : "profile " + account.profile()) + ", or use a profile that has it (e.g. ReadOnlyAccess)");
            }
            if (BAD_CREDENTIALS.contains(code)) {
                throw new CheckUnavailable("the credentials for " + account.describe() + " were refused ("
                        + AwsErrors.describe(e) + ")",
                        account.profile() == null ? "refresh your credentials"
                                : "sign in again: aws sso login --profile " + account.profile());
            }
            throw e;
        } catch (SdkClientException e) {
            throw new CheckUnavailable(action + " in " + account.describe() + " did not answer: " + AwsErrors.describe(e),
                    "check the network and the region, then run the doctor again");
        }
    }

    /** Whether {@code e} is the service error {@code code} (e.g. {@code ResourceNotFoundException}). */
    static boolean is(AwsServiceException e, String code) {
        return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
    }
}
