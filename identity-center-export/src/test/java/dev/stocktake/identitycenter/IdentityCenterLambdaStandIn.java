package dev.stocktake.identitycenter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.stocktake.support.testing.StandInContext;

/**
 * Runs the export handler the way the Lambda runtime does: the no-arg constructor (configuration from the
 * environment), then one invocation with the event given as the first argument. Prints {@code RESPONSE <output>}.
 */
public final class IdentityCenterLambdaStandIn {

    private IdentityCenterLambdaStandIn() {
    }

    public static void main(String[] args) throws Exception {
        IdentityCenterHandler handler = new IdentityCenterHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), out,
                new StandInContext("arn:aws:lambda:us-east-1:123456789012:function:stocktake-identity-center-export", 300_000));
        System.out.println("RESPONSE " + out.toString(StandardCharsets.UTF_8));
    }
}
