package dev.isotp.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * Everything the writers need of one valid channel interface; built only when every check passed.
 *
 * @param configuration the builder calls of the constant configuration, e.g. {@code .iface("vcan0")}, in attribute
 *        order
 * @param inject the {@code @Inject} annotation to put on the no-argument constructor; null where none is on the
 *        classpath
 * @param generated {@code javax.annotation.processing.Generated}; null where the platform lacks it
 * @param responders the responders of a functional channel as (rxid, txid) pairs; empty for other channels (a copy:
 *        read it, do not change it)
 */
record ChannelModel(TypeElement element, ClassName interfaceName, ClassName clientName, List<CodeBlock> configuration,
        List<CodecModel> codecs, List<MethodModel> methods, ClassName inject, ClassName generated, int[] responders) {
    ChannelModel {
        configuration = List.copyOf(configuration);
        codecs = List.copyOf(codecs);
        methods = List.copyOf(methods);
        responders = responders.clone();
    }
}
