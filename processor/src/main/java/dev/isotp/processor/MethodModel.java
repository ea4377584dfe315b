package dev.isotp.processor;

import com.squareup.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ExecutableType;

/** One checked method of a channel interface: its shape, the payload it sends and the payload it returns. */
final class MethodModel {
    final ExecutableElement element;
    /** The method as a member of the annotated interface (type arguments of superinterfaces applied). */
    final ExecutableType type;
    final MethodShape shape;
    /** What the method sends; null where it sends nothing. */
    final Payload sent;
    /** What the method returns; null where it returns no payload. */
    final Payload received;
    /** True where the method declares IOException (or a supertype): every IOException is thrown as itself. */
    final boolean throwsIoException;
    /**
     * Where the method declares only some subtypes of IOException: those (none a subtype of another), thrown as
     * themselves; any other IOException is thrown as UncheckedIOException. Empty otherwise.
     */
    final List<TypeName> rethrown;
    /** True where the method returns a CompletableFuture of what the shape returns (CompletableFuture<Void>: send). */
    final boolean async;

    MethodModel(ExecutableElement element, ExecutableType type, MethodShape shape, Payload sent, Payload received,
            boolean throwsIoException, List<TypeName> rethrown, boolean async) {
        this.element = element;
        this.type = type;
        this.shape = shape;
        this.sent = sent;
        this.received = received;
        this.throwsIoException = throwsIoException;
        this.rethrown = List.copyOf(rethrown);
        this.async = async;
    }
}
