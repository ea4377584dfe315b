package dev.isotp.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.FlowControlTimeoutException;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpException;
import dev.isotp.PeerOverflowException;
import dev.isotp.kernel.Errno;
import dev.isotp.kernel.ErrorMapper;
import dev.isotp.validation.Attribute;
import dev.isotp.validation.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure rules of requests: the default timeout, its range, the words of late errors and dropped PDUs. */
class RequestRulesTest {
    @Test
    void theRequestTimeoutDefaultsToP2StarAndIsJudgedByTheValidator() {
        IsoTpConfig config = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0).build();
        assertEquals(Duration.ofMillis(5000), config.requestTimeout());
        assertEquals(Duration.ZERO, config.receiveTimeout(), "the receive timeout keeps its own default");
        assertEquals(Duration.ofMillis(250),
                config.toBuilder().requestTimeoutMillis(250).build().requestTimeout());
        List<Problem> problems = IsoTpConfig.builder().iface("vcan0").rxid(0x7E8).txid(0x7E0)
                .requestTimeoutMillis(-1).validate();
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(Attribute.REQUEST_TIMEOUT_MILLIS, problems.get(0).attribute());
        assertEquals("requestTimeoutMillis -1 is out of range: use 0-2147483647 ms (0 waits without limit)",
                problems.get(0).message());
    }

    @Test
    void onlyErrorsOfATransmissionAreKeptForTheNextSend() {
        assertTrue(ErrorMapper.transmitOnly(Errno.ECOMM.number()));
        assertTrue(ErrorMapper.transmitOnly(Errno.EMSGSIZE.number()));
        for (Errno either : new Errno[] {Errno.ETIMEDOUT, Errno.EILSEQ, Errno.EBADMSG, Errno.ENETDOWN, Errno.ENODEV}) {
            assertTrue(!ErrorMapper.transmitOnly(either.number()), either.name());
        }
    }

    private static final dev.isotp.Address ADDRESS = dev.isotp.Address.builder(dev.isotp.AddressingMode.NORMAL_11)
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

    @Test
    void aDroppedOrUndecodablePduIsShownByItsFirstBytes() {
        assertEquals("62 F1 90", ChannelSupport.hexStart(new byte[] {0x62, (byte) 0xF1, (byte) 0x90}));
        byte[] long20 = new byte[20];
        long20[0] = 0x7F;
        assertEquals("7F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ...", ChannelSupport.hexStart(long20));
    }
}
