package dev.stocktake.collector.testing;

import java.util.List;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceEndpointKey;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * Prints what the SDK's region metadata answers for the services the collector calls, in the
 * regions it may run in or sign for: run against the deployable and the full SDK, the output must
 * be the same (the deployable carries a trimmed service metadata provider). Calls only what the
 * SDK's own code calls, since the shrunk jar keeps nothing else.
 */
public final class ServiceMetadataProbe {

    private ServiceMetadataProbe() {
    }

    public static void main(String[] args) {
        List<Region> regions = List.of(Region.AWS_GLOBAL, Region.US_EAST_1, Region.US_WEST_2, Region.EU_WEST_1, Region.EU_CENTRAL_1,
                Region.AP_NORTHEAST_1, Region.AWS_CN_GLOBAL, Region.CN_NORTHWEST_1, Region.AWS_US_GOV_GLOBAL, Region.US_GOV_WEST_1);
        for (String service : List.of("iam", "sts", "organizations", "s3")) {
            ServiceMetadata metadata = ServiceMetadata.of(service);
            System.out.println(service + " " + metadata.getClass().getName() + " regions=" + metadata.regions().size()
                    + " partitions=" + metadata.servicePartitions().size());
            for (Region region : regions) {
                ServiceEndpointKey key = ServiceEndpointKey.builder().region(region).build();
                System.out.println(service + " " + region + " endpoint=" + metadata.endpointFor(key)
                        + " signingRegion=" + metadata.signingRegion(key) + "/" + metadata.signingRegion(region));
            }
        }
    }
}
