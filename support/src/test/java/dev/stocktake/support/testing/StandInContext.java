package dev.stocktake.support.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context as the runtime gives it to a handler: only the function's ARN and the time left matter to
 * Stocktake's handlers; the function's name comes from the ARN.
 */
public record StandInContext(String arn, int remainingMillis) implements Context {
    @Override public String getAwsRequestId() { return "stand-in"; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + getFunctionName(); }
    @Override public String getLogStreamName() { return "stand-in"; }
    @Override public String getFunctionName() { return arn.substring(arn.lastIndexOf(':') + 1); }
    @Override public String getFunctionVersion() { return "1"; }
    @Override public String getInvokedFunctionArn() { return arn; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return remainingMillis; }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return null; }
}
