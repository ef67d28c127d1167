import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import dev.stocktake.collector.CollectorHandler;

/**
 * One Lambda cold start outside Lambda: a fresh JVM constructs the handler (the runtime's init
 * phase) and invokes it once, as the runtime would. Prints the phases in milliseconds from JVM
 * start. With the argument {@code prime}, init also runs the handler's SnapStart priming
 * ({@code beforeCheckpoint}, reported as primeMs): the invocation then shows what a function
 * restored from a primed snapshot still has to do. Compiled and run by bench/cold-start.sh.
 */
public final class ColdStart {
    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainStart = System.currentTimeMillis();
        CollectorHandler handler = new CollectorHandler();
        long constructed = System.currentTimeMillis();
        if (args.length > 0 && args[0].equals("prime")) {
            // What SnapStart does before its snapshot; the invocation below is then what a restored function runs.
            handler.beforeCheckpoint(null);
        }
        long initDone = System.currentTimeMillis();
        String arn = "arn:aws:lambda:us-east-1:" + System.getenv("STOCKTAKE_BENCH_ACCOUNT_ID") + ":function:stocktake-collector";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, new Ctx(arn));
        long done = System.currentTimeMillis();
        System.err.printf("{\"jvmToMainMs\":%d,\"initMs\":%d,\"primeMs\":%d,\"invokeMs\":%d,\"jvmStartToHandlerDoneMs\":%d,\"response\":%s}%n",
                mainStart - jvmStart, initDone - mainStart, initDone - constructed, done - initDone, done - jvmStart,
                out.toString(StandardCharsets.UTF_8));
    }

    private record Ctx(String arn) implements Context {
        public String getAwsRequestId() { return "bench"; }
        public String getLogGroupName() { return "/aws/lambda/stocktake-collector"; }
        public String getLogStreamName() { return "bench"; }
        public String getFunctionName() { return "stocktake-collector"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return arn; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 300_000; }
        public int getMemoryLimitInMB() { return 512; }
        public LambdaLogger getLogger() { return null; }
    }
}
