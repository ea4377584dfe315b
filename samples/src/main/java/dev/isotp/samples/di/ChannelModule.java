package dev.isotp.samples.di;

import dagger.Module;
import dagger.Provides;
import dev.isotp.ChannelOverrides;
import dev.isotp.IsoTpChannels;
import dev.isotp.samples.DiagnosticTester;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Provides the generated {@link DiagnosticTester} client on the interface the component was created for. */
@Module
public final class ChannelModule {
    private ChannelModule() {
    }

    @Provides
    @Singleton
    static DiagnosticTester tester(@Named("iface") String iface) {
        try {
            return IsoTpChannels.open(DiagnosticTester.class, ChannelOverrides.iface(iface));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
