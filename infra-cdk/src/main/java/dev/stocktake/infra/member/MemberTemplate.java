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
 * The StackSet's template: a {@link CollectorStack} synthesized in an {@link App} of its own, whose
 * synthesizer points the Lambda code at the per-region asset bucket of the StackSet administrator
 * ({@code stocktake-collector-assets-<admin account>-${AWS::Region}}), where
 * {@code CollectorAssetsStack} uploads the same jar under the same content-hash key.
 *
 * @param stack the synthesized stack (for assertions and cdk-nag)
 * @param templateFile where the template was written
 * @param templateBody the template as JSON
 */
public record MemberTemplate(CollectorStack stack, Path templateFile, String templateBody) {
    public static final String STACK_NAME = "StocktakeCollectorMember";

    /** Synthesizes the member template into {@code outdir}. */
    public static MemberTemplate synthesize(StocktakeConfig config, Path collectorJar, Path outdir) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:disable-version-reporting", true))
                .build());
        DefaultStackSynthesizer synthesizer = DefaultStackSynthesizer.Builder.create()
                .fileAssetsBucketName(Names.assetBucket(config.stackSet().adminAccountId(), "${AWS::Region}"))
                .bucketPrefix(Names.ASSET_PREFIX)
                .generateBootstrapVersionRule(false)
                .build();
        CollectorStack stack = new CollectorStack(app, STACK_NAME, StackProps.builder()
                .synthesizer(synthesizer)
                .analyticsReporting(false)
                .description("Stocktake collector (deployed to every member account by the stocktake-collector StackSet)")
                .build(), config, collectorJar);
        CloudAssembly assembly = app.synth();
        Path file = Path.of(assembly.getStackByName(STACK_NAME).getTemplateFullPath());
        try {
            return new MemberTemplate(stack, file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the member template " + file, e);
        }
    }
}
