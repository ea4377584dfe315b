package dev.isotp.samples.di;

import dagger.BindsInstance;
import dagger.Component;
import dev.isotp.samples.DiagnosticSession;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * A Dagger 2 component that injects the generated {@link dev.isotp.samples.DiagnosticTester} client into a
 * {@link DiagnosticSession}:
 *
 * <pre>{@code
 * try (DiagnosticSession session = DaggerDiagnosticsComponent.factory().create("vcan0").session()) {
 *     session.readDataByIdentifier(0xF190);
 * }
 * }</pre>
 */
@Singleton
@Component(modules = ChannelModule.class)
public interface DiagnosticsComponent {
    DiagnosticSession session();

    @Component.Factory
    interface Factory {
        /** {@code iface}: the CAN interface, e.g. "vcan0" or "can0". */
        DiagnosticsComponent create(@BindsInstance @Named("iface") String iface);
    }
}
