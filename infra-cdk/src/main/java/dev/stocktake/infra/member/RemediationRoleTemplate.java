package dev.stocktake.infra.member;

import dev.stocktake.infra.Names;
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
 * The remediation StackSet's template: a {@link RemediationRoleStack} synthesized in an {@link App} of its own. It has
 * no assets (one role), so it needs no asset bucket and no bootstrap in the member accounts.
 *
 * @param stack the synthesized stack (for assertions and cdk-nag)
 * @param templateFile where the template was written
 * @param templateBody the template as JSON
 */
public record RemediationRoleTemplate(RemediationRoleStack stack, Path templateFile, String templateBody) {

    /** Synthesizes the remediation role's template into {@code outdir}. */
    public static RemediationRoleTemplate synthesize(StocktakeConfig config, Path outdir) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:disable-version-reporting", true))
                .build());
        RemediationRoleStack stack = new RemediationRoleStack(app, Names.REMEDIATION_MEMBER_STACK, StackProps.builder()
                .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build())
                .analyticsReporting(false)
                .description("Stocktake remediation role (deployed to every member account by the "
                        + Names.REMEDIATION_STACK_SET + " StackSet)")
                .build(), config);
        CloudAssembly assembly = app.synth();
        Path file = Path.of(assembly.getStackByName(Names.REMEDIATION_MEMBER_STACK).getTemplateFullPath());
        try {
            return new RemediationRoleTemplate(stack, file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the remediation role template " + file, e);
        }
    }
}
