package dev.stocktake.infra.member;

import dev.stocktake.infra.config.StocktakeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The alert forwarder StackSet's template: an {@link AlertForwarderStack} synthesized in an {@link App} of its own.
 * It has no assets (a rule and a role), so it needs no asset bucket and no bootstrap in the member accounts.
 *
 * @param stack the synthesized stack (for assertions and cdk-nag)
 * @param templateFile where the template was written
 * @param templateBody the template as JSON
 */
public record AlertForwarderTemplate(AlertForwarderStack stack, Path templateFile, String templateBody) {
    public static final String STACK_NAME = "StocktakeAlertForwarderMember";

    /** Synthesizes the forwarder template into {@code outdir}. */
    public static AlertForwarderTemplate synthesize(StocktakeConfig config, Path outdir) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:disable-version-reporting", true))
                .build());
        AlertForwarderStack stack = new AlertForwarderStack(app, STACK_NAME, StackProps.builder()
                .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build())
                .analyticsReporting(false)
                .description("Stocktake alert forwarder (deployed to us-east-1 of every member account by the "
                        + "stocktake-alert-forwarder StackSet)")
                .build(), config);
        CloudAssembly assembly = app.synth();
        Path file = Path.of(assembly.getStackByName(STACK_NAME).getTemplateFullPath());
        try {
            return new AlertForwarderTemplate(stack, file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alert forwarder template " + file, e);
        }
    }
}
