package dev.isotp.processor;

/** What a channel method does, told by its parameter and return types. */
enum MethodShape {
    /** {@code void m(byte[] | ByteBuffer | T)} */
    SEND,
    /** {@code byte[] | T m()} */
    RECEIVE,
    /** {@code byte[] | T m(Duration)} */
    RECEIVE_TIMEOUT,
    /** {@code Optional<byte[] | T> m(Duration)} */
    RECEIVE_OPTIONAL,
    /** {@code int m(ByteBuffer)} */
    RECEIVE_INTO,
    /** {@code byte[] | T m(byte[] | T)} */
    REQUEST,
    /** {@code byte[] | T m(byte[] | T, Duration)} */
    REQUEST_TIMEOUT,
    /** {@code byte[] | T m(byte[] | T, UdsTiming)}: a request of a UDS channel with its own P2, P2* and cap */
    REQUEST_TIMING,
    /** {@code Map<Integer, byte[]> m(byte[] | T, Duration)}: a functional request, every responder's answer */
    FUNCTIONAL_REQUEST,
    /** {@code void close()} */
    CLOSE
}
