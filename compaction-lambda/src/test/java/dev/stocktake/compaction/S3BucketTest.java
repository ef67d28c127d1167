package dev.stocktake.compaction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the compaction's S3 tests share: the emulator with the fault proxy in front of it, a client straight to the
 * emulator ({@link #s3}, to arrange and inspect) and one through the proxy ({@link #viaProxy}, for the code under
 * test), and a fresh emulator with the test's bucket before each test.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
abstract class S3BucketTest {

    static Emulator emulator;
    static FaultInjectingProxy proxy;
    static S3Client s3;
    static S3Client viaProxy;

    @BeforeAll
    static void startClients(Emulator started) {
        emulator = started;
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        s3 = CompactionTesting.s3(emulator.endpoint());
        viaProxy = CompactionTesting.s3(proxy.endpoint());
    }

    @AfterAll
    static void stopClients() {
        s3.close();
        viaProxy.close();
        proxy.close();
    }

    /** The bucket each test starts with, empty. */
    abstract String bucket();

    @BeforeEach
    void freshBucket() {
        emulator.reset();
        proxy.resetCounts();
        s3.createBucket(request -> request.bucket(bucket()));
    }

    @AfterEach
    void clearFaults() {
        proxy.clearFaults();
    }
}
