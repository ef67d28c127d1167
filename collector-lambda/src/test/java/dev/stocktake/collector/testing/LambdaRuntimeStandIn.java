package dev.stocktake.collector.testing;

import dev.stocktake.support.testing.StandInContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import dev.stocktake.collector.CollectorHandler;

/**
 * Does what the Lambda Java runtime does with the deployable: constructs the handler by its
 * no-argument constructor (init) and invokes it once with a context naming the function's ARN.
 * Run in a child JVM with nothing but the shaded jar and this class on the class path.
 * Arguments: the account ID, optionally the invocation's remaining time in milliseconds
 * (default 120,000), and optionally {@code prime} to call the SnapStart hook before invoking,
 * as a function restored from a snapshot would have had it called.
 */
public final class LambdaRuntimeStandIn {

    private LambdaRuntimeStandIn() {
    }

    public static void main(String[] args) throws Exception {
        CollectorHandler handler = new CollectorHandler();
        if (args.length > 2 && args[2].equals("prime")) {
            handler.beforeCheckpoint(null);
        }
        String arn = "arn:aws:lambda:us-east-1:" + args[0] + ":function:stocktake-collector";
        int remainingMillis = args.length > 1 ? Integer.parseInt(args[1]) : 120_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"source\":\"aws.scheduler\"}".getBytes(StandardCharsets.UTF_8)),
                out, new StandInContext(arn, remainingMillis));
        System.out.println("RESPONSE " + out.toString(StandardCharsets.UTF_8));
    }

    private record StandInContext(String arn, int remainingMillis) implements Context {
        @Override public String getAwsRequestId() { return "stand-in"; }
        @Override public String getLogGroupName() { return "/aws/lambda/stocktake-collector"; }
        @Override public String getLogStreamName() { return "stand-in"; }
        @Override public String getFunctionName() { return "stocktake-collector"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return arn; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return remainingMillis; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
