package dev.stocktake.notifier.alert;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.stocktake.support.testing.StandInContext;

/**
 * Runs the alert handler the way the Lambda runtime does: the no-arg constructor (configuration from the environment),
 * then one invocation with the SQS event given as the first argument. Prints {@code RESPONSE <output>}.
 */
public final class AlertLambdaStandIn {

    private AlertLambdaStandIn() {
    }

    public static void main(String[] args) throws Exception {
        AlertHandler handler = new AlertHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), out,
                new StandInContext("arn:aws:lambda:us-east-1:123456789012:function:stocktake-alerts", 60_000));
        System.out.println("RESPONSE " + out.toString(StandardCharsets.UTF_8));
    }
}
