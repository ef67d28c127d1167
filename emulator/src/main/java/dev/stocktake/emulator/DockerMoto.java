package dev.stocktake.emulator;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code motoserver/moto} image through Testcontainers, for machines with a Docker engine
 * and no {@code moto_server}. Testcontainers is an optional dependency: absent, this reports
 * Docker as unavailable.
 */
final class DockerMoto {

    static final String IMAGE = "motoserver/moto:5.1.18";

    private DockerMoto() {
    }

    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed through the Emulator
    static Emulator start() {
        var container = new org.testcontainers.containers.GenericContainer<>(IMAGE)
                .withExposedPorts(5000)
                .withStartupTimeout(Duration.ofSeconds(60));
        container.start();
        URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(5000));
        Emulator emulator = new Emulator(endpoint, "Docker image " + IMAGE + " at " + endpoint, container::stop);
        emulator.awaitReady(Duration.ofSeconds(30));
        return emulator;
    }
}
