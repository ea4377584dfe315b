package dev.isotp.processor;

import com.squareup.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ExecutableType;

/**
 * One checked method of a channel interface: its shape, the payload it sends and the payload it returns.
 *
 * @param type the method as a member of the annotated interface (type arguments of superinterfaces applied)
 * @param sent what the method sends; null where it sends nothing
 * @param received what the method returns; null where it returns no payload
 * @param throwsIoException true where the method declares IOException (or a supertype): every IOException is thrown
 *        as itself
 * @param rethrown where the method declares only some subtypes of IOException: those (none a subtype of another),
 *        thrown as themselves; any other IOException is thrown as UncheckedIOException. Empty otherwise.
 * @param async true where the method returns a CompletableFuture of what the shape returns (CompletableFuture<Void>:
 *        a send)
 * @param negativeAsAnswer true where a request of a UDS channel returns a final negative response instead of
 *        throwing it ({@code @UdsChannel.NegativeResponseAsAnswer})
 */
record MethodModel(ExecutableElement element, ExecutableType type, MethodShape shape, Payload sent, Payload received,
        boolean throwsIoException, List<TypeName> rethrown, boolean async, boolean negativeAsAnswer) {
    MethodModel {
        rethrown = List.copyOf(rethrown);
    }
}
