package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** Everything the writers need of one valid channel interface; built only when every check passed. */
final class ChannelModel {
    final TypeElement element;
    final ClassName interfaceName;
    final ClassName clientName;
    /** The builder calls of the constant configuration, e.g. {@code .iface("vcan0")}, in attribute order. */
    final List<CodeBlock> configuration;
    final List<CodecModel> codecs;
    final List<MethodModel> methods;
    /** The {@code @Inject} annotation to put on the no-argument constructor; null where none is on the classpath. */
    final ClassName inject;
    /** {@code javax.annotation.processing.Generated}; null where the platform lacks it. */
    final ClassName generated;
    /** The responders of a functional channel as (rxid, txid) pairs; empty for other channels. */
    final int[] responders;

    ChannelModel(TypeElement element, ClassName interfaceName, ClassName clientName, List<CodeBlock> configuration,
            List<CodecModel> codecs, List<MethodModel> methods, ClassName inject, ClassName generated,
            int[] responders) {
        this.responders = responders.clone();
        this.element = element;
        this.interfaceName = interfaceName;
        this.clientName = clientName;
        this.configuration = List.copyOf(configuration);
        this.codecs = List.copyOf(codecs);
        this.methods = List.copyOf(methods);
        this.inject = inject;
        this.generated = generated;
    }
}
