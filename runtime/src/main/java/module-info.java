/**
 * isotp-channels' runtime: typed ISO-TP (ISO 15765-2) channels over Linux's can-isotp socket.
 *
 * <p>What users need is exported: the API ({@code dev.isotp}), the validation types they meet in exceptions
 * ({@code dev.isotp.validation}), the support that generated clients call ({@code dev.isotp.support}, not an API
 * of its own), and the frame bus under the user-space engine ({@code dev.isotp.spi}, which {@code isotp-testkit}
 * implements and {@link dev.isotp.Backend#engine} takes). The native binding, the carrier seam and the engine stay
 * inside the module.
 *
 * <p>A user's module that declares {@code @IsoTpChannel} interfaces {@code requires dev.isotp.runtime}, exports the
 * package of its interfaces and declares each generated client as a service
 * ({@code provides com.example.EngineEcu with com.example.IsoTp_EngineEcu;}), so that
 * {@link dev.isotp.IsoTpChannels#open(Class)} finds it. On Java 24 and later, start it with
 * {@code --enable-native-access=dev.isotp.runtime,com.sun.jna}: on Java 22 and later this module calls the C library
 * itself (the Foreign Function &amp; Memory API, from the jar's {@code META-INF/versions/22}); before, JNA's module does.
 */
module dev.isotp.runtime {
    requires com.sun.jna;

    exports dev.isotp;
    exports dev.isotp.validation;
    exports dev.isotp.support;
    exports dev.isotp.spi;
}
