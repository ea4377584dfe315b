package dev.isotp.processor;

import java.util.Locale;

/**
 * Every message the processor writes itself. Messages about configuration values are not here: they come from the
 * runtime's validator ({@link dev.isotp.validation.Rule}), so compile time and run time use the same words.
 */
enum Message {
    /** %1$s: the type's name, %2$s: what it is instead. */
    NOT_AN_INTERFACE("@IsoTpChannel applies to interfaces: %1$s is %2$s"),
    /** %1$s: the type's name, %2$s: why it cannot be reached. */
    NOT_REACHABLE("@IsoTpChannel interface %1$s must be top-level or nested in reachable types: %2$s, so the client "
            + "generated in its package cannot implement it"),
    /** %1$s: the type's name, %2$s: its type parameters. */
    GENERIC_INTERFACE("@IsoTpChannel interface %1$s must not be generic: remove the type parameters %2$s, a channel "
            + "sends and receives fixed types"),
    /** %1$s: the type's name. */
    NOT_AUTO_CLOSEABLE("@IsoTpChannel interface %1$s must extend AutoCloseable, so that its socket can be closed: "
            + "declare it as 'interface %1$s extends AutoCloseable'"),
    /** %1$s: the method. */
    METHOD_SHAPE("method %1$s is not a channel method: use one of void m(byte[]), void m(ByteBuffer) (send); "
            + "byte[] m(), byte[] m(Duration) (receive); Optional<byte[]> m(Duration) (receive or empty); "
            + "int m(ByteBuffer) (receive into); byte[] m(byte[]), byte[] m(byte[], Duration) (request); "
            + "byte[] m(byte[], UdsTiming) (request with its own timing, on a @UdsChannel); "
            + "Map<Integer, byte[]> m(byte[], Duration) (functional request, with responders); void close(); "
            + "or T in place of byte[] with a PayloadCodec<T>; CompletableFuture<R> in place of a request's or "
            + "receive's R and CompletableFuture<Void> in place of a send's void (asynchronous); or make it a default "
            + "method"),
    /** %1$s: the method, %2$s: its return type as written. */
    ASYNC_SHAPE("method %1$s returns %2$s but is not an asynchronous channel method: use one of "
            + "CompletableFuture<byte[]> m(byte[]), CompletableFuture<byte[]> m(byte[], Duration), "
            + "CompletableFuture<byte[]> m(byte[], UdsTiming) (request); "
            + "CompletableFuture<byte[]> m(), CompletableFuture<byte[]> m(Duration) (receive); "
            + "CompletableFuture<Optional<byte[]>> m(Duration) (receive or empty); CompletableFuture<Void> m(byte[]) "
            + "(send); or T in place of byte[] with a PayloadCodec<T>. Receiving into a ByteBuffer, sending a "
            + "ByteBuffer, functional requests and close() have synchronous forms only"),
    /** %1$s: the method, %2$s: its return type as written. */
    ASYNC_TYPE_ARGUMENT("method %1$s returns %2$s, which does not say what it completes with: name the type, e.g. "
            + "CompletableFuture<byte[]> (a request's or receive's PDU) or CompletableFuture<Void> (a send)"),
    /** %1$s: the method, %2$s: the exceptions as declared. */
    ASYNC_THROWS("method %1$s returns a CompletableFuture, which carries every failure (join() throws it as the "
            + "cause of a CompletionException, get() of an ExecutionException): remove the throws clause (%2$s)"),
    /** %1$s: the method, %2$s: the exception as declared. */
    THROWS_UNRELATED("method %1$s declares %2$s, which a channel method never throws: declare IOException, or those "
            + "you catch among IsoTpException and its subtypes (e.g. FlowControlTimeoutException) and "
            + "java.net.SocketTimeoutException; IO failures not declared reach the caller as UncheckedIOException"),
    /** %1$s: the method, %2$s: the exception as declared, %3$s: why the method never times out. */
    THROWS_NO_TIMEOUT("method %1$s declares %2$s, but %3$s, so it never throws SocketTimeoutException: remove %2$s "
            + "from its throws clause"),
    /** %1$s: the method. */
    FUNCTIONAL_WITHOUT_RESPONDERS("method %1$s is a functional request, which needs the answering ECUs declared: "
            + "add @IsoTpChannel(responders = {@IsoTpChannel.Responder(rxid = 0x7E8, txid = 0x7E0), ...}, "
            + "sfBroadcast = true)"),
    /** %1$s: the method. */
    RECEIVE_ON_FUNCTIONAL("method %1$s receives on a channel with responders, whose own socket sends single frames "
            + "to every ECU (sfBroadcast) and receives nothing: collect answers with Map<Integer, byte[]> m(byte[], "
            + "Duration), or declare a separate channel for one ECU"),
    /** %1$s: the method; %2$s: the broadcast flag that is set. */
    RECEIVE_ON_BROADCAST("method %1$s receives on a channel with %2$s = true, whose socket receives nothing (the "
            + "kernel registers no receiver for its rx id): declare only sends on it, give it responders for a "
            + "functional request, or receive on a separate channel without the flag"),
    /** %1$s: what is missing or wrong. */
    RESPONDERS_NEED("responders %1$s"),
    /** %1$s: the responder as written, %2$s: the validator's words. */
    RESPONDER_INVALID("responder %1$s: %2$s"),
    /** %1$s: the method. */
    METHOD_GENERIC("method %1$s must not be generic: a channel method sends and receives fixed types"),
    /** %1$s: the method, %2$s: "takes" or "returns", %3$s: the payload type. */
    CODEC_MISSING("method %1$s %2$s %3$s, which needs a PayloadCodec<%3$s>: name one in @IsoTpChannel(codecs = ...) "
            + "or on the method with @IsoTpChannel.Codec"),
    /** %1$s: the codec, %2$s: its payload type, %3$s: the method, %4$s: the method's payload types. */
    CODEC_MISMATCH("codec %1$s is a PayloadCodec<%2$s>, but method %3$s sends or receives %4$s: name a codec of "
            + "that type"),
    /** %1$s: the codec, %2$s: why it cannot be created. */
    CODEC_NOT_INSTANTIABLE("codec %1$s cannot be created by the generated client: %2$s; a codec needs a public "
            + "no-argument constructor"),
    /** %1$s: the first codec, %2$s: the second, %3$s: the payload type. */
    CODEC_AMBIGUOUS("codecs %1$s and %2$s are both a PayloadCodec<%3$s>: name one codec per payload type, or choose "
            + "one per method with @IsoTpChannel.Codec"),
    /** %1$s: the codec as written. */
    CODEC_UNRESOLVED("codec %1$s cannot be found: name an existing class that implements PayloadCodec<T>"),
    /** %1$s: the method, %2$s: the type that cannot be found. */
    TYPE_UNRESOLVED("method %1$s uses %2$s, which cannot be found"),
    /** %1$s: the generated class, %2$s: the reason. */
    CANNOT_WRITE("cannot write %1$s: %2$s"),
    /** %1$s: the interface, %2$s: the other interface, %3$s: the client name both would get. */
    CLIENT_NAME_CLASH("@IsoTpChannel interfaces %1$s and %2$s would both get the generated client %3$s (nested "
            + "names are joined with '_'): rename one of them, or move one to another package"),
    /** %1$s: the interface, %2$s: the exception with its stack trace. */
    /** %1$s the method. */
    TIMING_WITHOUT_UDS("%1$s takes a UdsTiming, the timing of one UDS request, but the interface does not speak UDS: "
            + "annotate it with @UdsChannel, or take a Duration (the time the answer is awaited)"),
    /** %1$s the method. */
    NEGATIVE_AS_ANSWER_MISPLACED("%1$s: @UdsChannel.NegativeResponseAsAnswer makes a final negative response "
            + "(7F <SID> <NRC>) a request's answer, so it belongs on a request method (byte[] m(byte[]), with a Duration "
            + "or a UdsTiming, or their CompletableFuture forms) of an interface annotated @UdsChannel"),
    /** %1$s the interface. */
    UDS_WITHOUT_CHANNEL("@UdsChannel on %1$s declares how a channel speaks UDS, but %1$s is not a channel: annotate it "
            + "with @IsoTpChannel as well"),
    UNEXPECTED("the @IsoTpChannel processor failed on %1$s (%2$s): this is a bug in isotp-processor, please report it "
            + "with the interface's source");

    private final String template;

    Message(String template) {
        this.template = template;
    }

    String format(Object... args) {
        return String.format(Locale.ROOT, template, args);
    }
}
