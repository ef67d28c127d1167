package software.amazon.awssdk.regions;

import java.util.Map;

import software.amazon.awssdk.regions.servicemetadata.EnhancedS3ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.IamServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.OrganizationsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.StsServiceMetadata;

/**
 * Replaces the AWS SDK's class of the same name in the collector's deployable only (never in
 * the collector-lambda library jar other modules use). The SDK's version builds the metadata of
 * every AWS service (about 310 classes) the first time any client is built, only to look up the
 * one it is building: about a third of the collector's cold start. This one holds the four
 * services the collector calls, built from the SDK's own metadata classes, so what they answer
 * is unchanged; any other service gets {@code null}, which {@link ServiceMetadata#of} turns into
 * the SDK's {@code DefaultServiceMetadata}, as it does for a service the SDK does not know.
 *
 * <p>Compiled and put into {@code target/stocktake-collector.jar} by the shrink step of
 * collector-lambda/pom.xml; ShadedJarIT checks the deployable answers as the full SDK does.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    private static final Map<String, ServiceMetadata> SERVICE_METADATA = Map.of(
            "iam", new IamServiceMetadata(),
            "organizations", new OrganizationsServiceMetadata(),
            "s3", new EnhancedS3ServiceMetadata(),
            "sts", new StsServiceMetadata());

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return SERVICE_METADATA.get(endpointPrefix);
    }
}
