package dev.stocktake.emulator.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.stocktake.emulator.Emulator;

/**
 * Gives each test class an AWS emulator endpoint with clean state.
 *
 * <p>Resolution order: {@code AWS_ENDPOINT_URL} if set, else a {@code moto_server} it starts on a
 * free port, else the {@code motoserver/moto} image through Testcontainers when Docker is present,
 * else the test fails with a message saying how to install moto. One emulator process serves the
 * whole test run (starting moto takes seconds); its state is reset before each test class.
 * Inject it as a constructor, {@code @BeforeAll} or test method parameter of type {@link Emulator}.
 */
public final class EmulatorExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator(context);
    }

    private static Emulator emulator(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("emulator", key -> new Shared(Emulator.connect(System.getenv())), Shared.class)
                .emulator();
    }

    /** Closed by JUnit when the whole run ends. */
    private record Shared(Emulator emulator) implements AutoCloseable {
        @Override
        public void close() {
            emulator.close();
        }
    }
}
