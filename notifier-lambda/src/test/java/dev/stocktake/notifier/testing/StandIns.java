package dev.stocktake.notifier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a stand-in class that comes from a test jar (support's {@code StandInContext}) into the deployable JVM's
 * stand-in folder: {@code DeployableJvm.prepare} copies only out of this module's {@code target/test-classes}.
 */
public final class StandIns {

    private StandIns() {
    }

    public static void copy(Class<?> type, Path standIns) throws IOException {
        String classFile = type.getName().replace('.', '/') + ".class";
        Path target = standIns.resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getResourceAsStream("/" + classFile)) {
            if (in == null) {
                throw new IOException(classFile + " is not on the test class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
