package dev.isotp.processor;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services/<interface>} naming the generated client, for {@code IsoTpChannels.open}. One file
 * per interface, with the interface as its only originating element, keeps the processor isolating.
 */
final class ServiceFileWriter {
    private final Filer filer;

    ServiceFileWriter(Filer filer) {
        this.filer = filer;
    }

    void write(ChannelModel model, String interfaceBinaryName) throws IOException {
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "",
                "META-INF/services/" + interfaceBinaryName, model.element());
        try (Writer out = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
            out.write(model.clientName().reflectionName());
            out.write('\n');
        }
    }
}
