package dev.isotp.kerneltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isotp.Address;
import dev.isotp.AddressingMode;
import dev.isotp.FlowControlOptions;
import dev.isotp.GeneralOptions;
import dev.isotp.IsoTpConfig;
import dev.isotp.IsoTpFlag;
import dev.isotp.IsoTpSocket;
import dev.isotp.KernelOptions;
import dev.isotp.KernelSupportMissingException;
import dev.isotp.LinkLayerOptions;
import dev.isotp.kernel.KernelInfo;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Options written with the setters reach the kernel unchanged: each is read back with getsockopt(2) through the
 * socket's getters. After bind every setter is refused and the kernel's options stay as they were.
 */
@Tag("kernel")
class OptionsReadBackTest {
    private static final Address ADDRESS = Address.builder(AddressingMode.NORMAL_11).rxid(0x701).txid(0x700).build();

    @Test
    void freshSocketReportsTheKernelDefaultsWithWaitTxDone() throws Exception {
        try (IsoTpSocket s = IsoTpSocket.open()) {
            KernelOptions k = s.getKernelOptions();
            assertEquals(Set.of(IsoTpFlag.WAIT_TX_DONE), k.flags(), "open() turns waitTxDone on, nothing else");
            assertEquals(50_000, k.frameTxTimeNanos(), "default frame_txtime (50 us since Linux 5.16)");
            assertEquals(0, k.extAddress());
            assertEquals(0xCC, k.txPadContent());
            assertEquals(0xCC, k.rxPadContent());
            assertEquals(0, k.rxExtAddress());
            assertEquals(FlowControlOptions.DEFAULT, s.getFlowControlOptions());
            assertEquals(LinkLayerOptions.CLASSIC, s.getLinkLayerOptions());
            assertEquals(OptionalLong.empty(), s.getTxStminNanos());
            assertEquals(OptionalLong.empty(), s.getRxStminNanos());
        }
    }

    @Test
    void paddingAndPaddingChecksAreReadBack() throws Exception {
        GeneralOptions options = GeneralOptions.builder().txPadding(0xAA).rxPadding(0x55).checkPaddingLength(true)
                .checkPaddingData(true).build();
        try (IsoTpSocket s = IsoTpSocket.open()) {
            s.setGeneralOptions(options);
            KernelOptions k = s.getKernelOptions();
            assertEquals(EnumSet.of(IsoTpFlag.TX_PADDING, IsoTpFlag.RX_PADDING, IsoTpFlag.CHK_PAD_LEN,
                    IsoTpFlag.CHK_PAD_DATA, IsoTpFlag.WAIT_TX_DONE), k.flags());
            assertEquals(0xAA, k.txPadContent());
            assertEquals(0x55, k.rxPadContent());
            assertEquals(options, s.getGeneralOptions());
        }
    }

    @Test
    void listenModeAndAFrameTxTimeAreReadBack() throws Exception {
        GeneralOptions options = GeneralOptions.builder().listenMode(true).waitTxDone(false).frameTxTimeNanos(123_456).build();
        try (IsoTpSocket s = IsoTpSocket.open()) {
            s.setGeneralOptions(options);
            KernelOptions k = s.getKernelOptions();
            assertEquals(EnumSet.of(IsoTpFlag.LISTEN_MODE), k.flags());
            assertEquals(123_456, k.frameTxTimeNanos());
            assertEquals(options, s.getGeneralOptions());
        }
    }

    @Test
    void halfDuplexAndFrameTxTimeZeroAreReadBack() throws Exception {
        GeneralOptions options = GeneralOptions.builder().halfDuplex(true)
                .frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO).build();
        try (IsoTpSocket s = IsoTpSocket.open()) {
            s.setGeneralOptions(options);
            KernelOptions k = s.getKernelOptions();
            assertEquals(EnumSet.of(IsoTpFlag.HALF_DUPLEX, IsoTpFlag.WAIT_TX_DONE), k.flags());
            assertEquals(GeneralOptions.FRAME_TX_TIME_ZERO, k.frameTxTimeNanos(), "CAN_ISOTP_FRAME_TXTIME_ZERO as stored");
            assertEquals(options, s.getGeneralOptions());
        }
    }

    @Test
    void broadcastFlagsAreReadBack() throws Exception {
        try (IsoTpSocket s = IsoTpSocket.open(); IsoTpSocket c = IsoTpSocket.open()) {
            s.setGeneralOptions(GeneralOptions.builder().sfBroadcast(true).build());
            assertTrue(s.getKernelOptions().flags().contains(IsoTpFlag.SF_BROADCAST));
            assertTrue(s.getGeneralOptions().sfBroadcast());
            c.setGeneralOptions(GeneralOptions.builder().cfBroadcast(true).build());
            assertTrue(c.getKernelOptions().flags().contains(IsoTpFlag.CF_BROADCAST));
            assertTrue(c.getGeneralOptions().cfBroadcast());
        }
    }

    @Test
    void dynamicFlowControlIsReadBackOrRefusedOnKernelsBefore6_9() throws Exception {
        GeneralOptions options = GeneralOptions.builder().dynamicFlowControl(true).build();
        try (IsoTpSocket s = IsoTpSocket.open()) {
            if (KernelInfo.atLeast(6, 9)) {
                s.setGeneralOptions(options);
                assertTrue(s.getKernelOptions().flags().contains(IsoTpFlag.DYN_FC_PARMS));
            } else {
                KernelSupportMissingException e = assertThrows(KernelSupportMissingException.class,
                        () -> s.setGeneralOptions(options));
                assertTrue(e.getMessage().contains("6.9") && e.getMessage().contains(KernelInfo.release()), e.getMessage());
                assertEquals(Set.of(IsoTpFlag.WAIT_TX_DONE), s.getKernelOptions().flags(),
                        "nothing written to the kernel after open()");
            }
        }
    }

    @Test
    void forcedTxAndRxStminAreReadBackWithTheirFlags() throws Exception {
        try (IsoTpSocket s = IsoTpSocket.open()) {
            s.setGeneralOptions(GeneralOptions.builder().txPadding(0x11).build());
            s.setTxStminNanos(700_000);
            s.setRxStminNanos(300_000);
            assertEquals(OptionalLong.of(700_000), s.getTxStminNanos());
            assertEquals(OptionalLong.of(300_000), s.getRxStminNanos());
            KernelOptions k = s.getKernelOptions();
            assertEquals(EnumSet.of(IsoTpFlag.TX_PADDING, IsoTpFlag.WAIT_TX_DONE, IsoTpFlag.FORCE_TXSTMIN,
                    IsoTpFlag.FORCE_RXSTMIN), k.flags(), "forced STmin keeps the general options already set");
            assertEquals(0x11, k.txPadContent());
        }
    }

    @Test
    void flowControlOptionsAreReadBack() throws Exception {
        for (FlowControlOptions fc : new FlowControlOptions[] {
                FlowControlOptions.builder().bs(10).stmin(5).wftmax(3).build(),
                FlowControlOptions.builder().bs(255).stmin(0x7F).wftmax(255).build(),
                FlowControlOptions.builder().bs(1).stmin(0xF5).build()}) {
            try (IsoTpSocket s = IsoTpSocket.open()) {
                s.setFlowControlOptions(fc);
                assertEquals(fc, s.getFlowControlOptions());
            }
        }
    }

    @Test
    void linkLayerOptionsAreReadBack() throws Exception {
        for (LinkLayerOptions ll : new LinkLayerOptions[] {LinkLayerOptions.canFd(64, true), LinkLayerOptions.canFd(12, false),
                LinkLayerOptions.CLASSIC}) {
            try (IsoTpSocket s = IsoTpSocket.open()) {
                s.setLinkLayerOptions(ll);
                assertEquals(ll, s.getLinkLayerOptions());
            }
        }
    }

    @Test
    void aWholeConfigurationIsReadBackAfterOpenAndBind() throws Exception {
        IsoTpConfig config = IsoTpConfig.builder().iface(Kernel.VCAN).address(ADDRESS).txPadding(0x33).rxPadding(0x44)
                .checkPaddingLength(true).halfDuplex(true).frameTxTimeNanos(GeneralOptions.FRAME_TX_TIME_ZERO)
                .bs(8).stmin(0xF3).wftmax(2).txStminNanos(250_000).build();
        try (IsoTpSocket s = IsoTpSocket.open(config)) {
            assertEquals(config.generalOptions(), s.getGeneralOptions());
            assertEquals(config.flowControl(), s.getFlowControlOptions());
            assertEquals(LinkLayerOptions.CLASSIC, s.getLinkLayerOptions());
            assertEquals(OptionalLong.of(250_000), s.getTxStminNanos());
            assertEquals(OptionalLong.empty(), s.getRxStminNanos());
            assertTrue(s.getKernelOptions().flags().contains(IsoTpFlag.WAIT_TX_DONE), "waitTxDone is on by default");
        }
    }

    @Test
    void everySetterIsRefusedAfterBindAndTheKernelKeepsItsOptions() throws Exception {
        try (IsoTpSocket s = IsoTpSocket.open()) {
            s.setGeneralOptions(GeneralOptions.builder().txPadding(0x22).build());
            s.setFlowControlOptions(FlowControlOptions.builder().bs(4).stmin(2).build());
            s.bind(Kernel.VCAN, ADDRESS);
            String before = describe(s);

            assertRefused(() -> s.setGeneralOptions(GeneralOptions.builder().txPadding(0x99).halfDuplex(true).build()));
            assertRefused(() -> s.setFlowControlOptions(FlowControlOptions.builder().bs(9).stmin(9).build()));
            assertRefused(() -> s.setLinkLayerOptions(LinkLayerOptions.canFd(64, false)));
            assertRefused(() -> s.setTxStminNanos(1_000_000));
            assertRefused(() -> s.setRxStminNanos(1_000_000));

            assertEquals(before, describe(s), "options after the refused setters");
            assertFalse(s.getTxStminNanos().isPresent());
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(Call call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
        assertTrue(e.getMessage().contains("before bind"), e.getMessage());
    }

    private static String describe(IsoTpSocket s) throws Exception {
        return s.getKernelOptions() + " " + s.getFlowControlOptions() + " " + s.getLinkLayerOptions() + " "
                + s.getTxStminNanos() + " " + s.getRxStminNanos();
    }
}
