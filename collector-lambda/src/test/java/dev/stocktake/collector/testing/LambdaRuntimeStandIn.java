package dev.stocktake.collector.testing;

import dev.stocktake.support.testing.StandInContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

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
}
