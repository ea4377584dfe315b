package dev.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.isotp.internal.abi.Errno;
import dev.isotp.internal.failure.Failure;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every errno the kernel reports becomes the exception a caller can act on, with the errno and advice. */
class ErrorMapperTest {
    private static final Address NORMAL = Address.builder(AddressingMode.NORMAL_11).rxid(0x7E8).txid(0x7E0).build();

    static Stream<Arguments> transferErrors() {
        return Stream.of(
                Arguments.of(70, "ECOMM", FlowControlTimeoutException.class, "no flow control from the peer within 1 s on vcan0: is a receiver listening for CAN id 0x7E0 (11-bit), and does it answer on CAN id 0x7E8 (11-bit), where this socket awaits the flow control"),
                Arguments.of(84, "EILSEQ", SequenceNumberException.class, "wrong sequence number on vcan0"),
                Arguments.of(74, "EBADMSG", BadMessageException.class, "failed the padding check"),
                Arguments.of(110, "ETIMEDOUT", ConsecutiveFrameTimeoutException.class, "no consecutive frame within 1 s"),
                Arguments.of(90, "EMSGSIZE", PeerOverflowException.class, "said overflow"),
                Arguments.of(100, "ENETDOWN", NetworkDownException.class, "`sudo ip link set up vcan0`"),
                Arguments.of(19, "ENODEV", DeviceGoneException.class, "interface vcan0 went away"),
                Arguments.of(6, "ENXIO", DeviceGoneException.class, "cannot be used again"),
                Arguments.of(99, "EADDRNOTAVAIL", DeviceGoneException.class, "went away"));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("transferErrors")
    void transferErrorsBecomeTypedExceptionsWithErrnoAndAdvice(int errno, String name, Class<?> type, String advice) {
        IsoTpException e = ErrorMapper.forTransfer(errno, "sending", "vcan0", NORMAL);
        assertInstanceOf(type, e);
        assertEquals(errno, e.errno());
        assertEquals(name, e.errnoName());
        assertTrue(e.getMessage().contains(advice), e.getMessage());
        assertTrue(e.getMessage().endsWith("(" + name + ")"), e.getMessage());
    }

    @Test
    void aMissingFlowControlNamesWhereTheFirstFrameWentAndWhereTheFlowControlWasAwaited() {
        // the small input: the peer answers rx 0x17F / tx 0x1FF on the 29-bit id 0x0000017F
        Address address = Address.builder(AddressingMode.NORMAL_11).rxid(0x17F).txid(0x1FF).build();
        String message = ErrorMapper.forTransfer(70, "sending", "vcan0", address).getMessage();
        assertTrue(message.contains("listening for CAN id 0x1FF (11-bit), and does it answer on CAN id 0x17F (11-bit), "
                + "where this socket awaits the flow control (compare with `candump vcan0`)"), message);

        Address extended = Address.builder(AddressingMode.EXTENDED_29).rxid(0x1B000001).txid(0x1B000002)
                .targetAddress(0x33).sourceAddress(0x44).build();
        String named = ErrorMapper.forTransfer(70, "sending", "can1", extended).getMessage();
        assertTrue(named.contains("listening for CAN id 0x1B000002 (29-bit) with address byte 0x33 first, and does it "
                + "answer on CAN id 0x1B000001 (29-bit) with address byte 0x44 first"), named);
        assertEquals("CAN id 0x005 (11-bit)", Failure.endpoint(5, false, -1));
        assertEquals("CAN id 0x0000017F (29-bit) with address byte 0x00 first", Failure.endpoint(0x17F, true, 0));
    }

    @Test
    void anUnknownErrnoKeepsItsNumberAndSaysWhatFailed() {
        IsoTpException e = ErrorMapper.forTransfer(12345, "receiving", "can0", NORMAL);
        assertEquals(IsoTpException.class, e.getClass());
        assertEquals(12345, e.errno());
        assertEquals("receiving on can0 failed (errno 12345)", e.getMessage());
    }

    @Test
    void missingIsotpModuleSaysHowToLoadIt() {
        IsoTpException e = ErrorMapper.forOpen(93);
        assertInstanceOf(KernelSupportMissingException.class, e);
        assertEquals("EPROTONOSUPPORT", e.errnoName());
        assertTrue(e.getMessage().startsWith("the kernel has no ISO-TP sockets: load the module with `sudo modprobe can-isotp` (in mainline Linux since 5.10"), e.getMessage());
    }

    @Test
    void missingCanSupportSaysHowToLoadIt() {
        IsoTpException e = ErrorMapper.forOpen(97);
        assertInstanceOf(KernelSupportMissingException.class, e);
        assertEquals("EAFNOSUPPORT", e.errnoName());
        assertTrue(e.getMessage().contains("`sudo modprobe can && sudo modprobe can-isotp`"), e.getMessage());
    }

    @Test
    void noSuchInterfaceAtBindListsTheCanInterfacesOrSaysHowToMakeOne() {
        IsoTpException e = ErrorMapper.forBind(19, "nosuchcan9", false);
        assertInstanceOf(NoSuchInterfaceException.class, e);
        assertEquals(19, e.errno());
        assertTrue(e.getMessage().startsWith("there is no CAN interface \"nosuchcan9\": "), e.getMessage());
        assertEquals("the CAN interfaces here are vcan0, can1", ErrorMapper.describeCanInterfaces(List.of("vcan0", "can1")));
        assertTrue(ErrorMapper.describeCanInterfaces(List.of()).contains("sudo ip link add dev vcan0 type vcan"));
    }

    @Test
    void anInterfaceThatIsNotCanIsNamedAsSuch() {
        IsoTpException e = ErrorMapper.forBind(19, "lo", false);
        assertInstanceOf(NoSuchInterfaceException.class, e);
        assertTrue(e.getMessage().startsWith("\"lo\" is not a CAN interface: "), e.getMessage());
    }

    @Test
    void canFdOnAClassicInterfaceSaysHowToRaiseTheMtu() {
        IsoTpException e = ErrorMapper.forBind(22, "nosuchcan9", true);
        assertInstanceOf(InterfaceMtuException.class, e);
        assertTrue(e.getMessage().contains("`sudo ip link set nosuchcan9 mtu 72`"), e.getMessage());
    }

    @Test
    void einvalAtBindWithoutCanFdIsNotBlamedOnTheMtu() {
        IsoTpException e = ErrorMapper.forBind(22, "vcan0", false);
        assertFalse(e instanceof InterfaceMtuException);
        assertEquals("binding to the interface on vcan0 failed (EINVAL)", e.getMessage());
    }

    @Test
    void errorsThatUnbindTheSocket() {
        assertTrue(ErrorMapper.leavesSocketUnbound(19));
        assertTrue(ErrorMapper.leavesSocketUnbound(6));
        assertFalse(ErrorMapper.leavesSocketUnbound(70));
    }

    @Test
    void onlyErrorsOfATransmissionAreKeptForTheNextSend() {
        assertTrue(ErrorMapper.transmitOnly(Errno.ECOMM.number()));
        assertTrue(ErrorMapper.transmitOnly(Errno.EMSGSIZE.number()));
        for (Errno either : new Errno[] {Errno.ETIMEDOUT, Errno.EILSEQ, Errno.EBADMSG, Errno.ENETDOWN, Errno.ENODEV}) {
            assertTrue(!ErrorMapper.transmitOnly(either.number()), either.name());
        }
    }

    private static final Address ADDRESS = Address.builder(AddressingMode.NORMAL_11)
            .rxid(0x7E8).txid(0x7E0).build();

    @Test
    void anEarlierSendsFailureKeepsItsTypeAndSaysWhoseItIs() {
        IsoTpException noFc = ErrorMapper.forEarlierSend(Errno.ECOMM.number(), "vcan0", ADDRESS);
        assertTrue(noFc instanceof FlowControlTimeoutException, noFc.getClass().getName());
        assertEquals("an earlier send failed (with waitTxDone off the kernel reports a transfer's error after its send "
                + "returned): no flow control from the peer within 1 s on vcan0: is a receiver listening for CAN id "
                + "0x7E0 (11-bit), and does it answer on CAN id 0x7E8 (11-bit), where this socket awaits the flow "
                + "control (compare with `candump vcan0`)? Is the interface up and the bus connected? The PDU was not "
                + "delivered; the next send starts anew. The payload given to this send was not sent: send it again "
                + "(ECOMM)", noFc.getMessage());
        assertEquals("ECOMM", noFc.errnoName());
        IsoTpException overflow = ErrorMapper.forEarlierSend(Errno.EMSGSIZE.number(), "vcan0", ADDRESS);
        assertTrue(overflow instanceof PeerOverflowException, overflow.getClass().getName());
        assertTrue(overflow.getMessage().startsWith("an earlier send failed"), overflow.getMessage());
    }
}
