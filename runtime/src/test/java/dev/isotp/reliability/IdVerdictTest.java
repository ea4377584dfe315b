package dev.isotp.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isotp.AddressingMode;
import dev.isotp.IsoTpConfig;
import dev.isotp.validation.Problem;
import dev.isotp.validation.Rule;
import dev.isotp.validation.Rule.KernelVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's verdict on an id out of range depends on the value, as the differential test against the kernel found
 * ({@link ValidatorKernelAgreementTest}): a 32-bit value with CAN_EFF_FLAG is taken as a 29-bit id, a receive id next
 * to a broadcast flag is not looked at, every other one is refused. A missing id is the library's rule (the kernel
 * would bind id 0). Host test: no kernel needed.
 */
class IdVerdictTest {
    private static Problem only(IsoTpConfig.Builder b, Rule rule) {
        List<Problem> problems = b.validate();
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(rule, problems.get(0).rule());
        return problems.get(0);
    }

    private static IsoTpConfig.Builder ids(AddressingMode mode, long rxid, long txid) {
        return IsoTpConfig.builder().iface("vcan0").mode(mode).rxid(rxid).txid(txid);
    }

    @Test
    void idsTheKernelRefusesKeepTheRulesVerdict() {
        for (long id : new long[] {0x800, 0x1FFFFFFF, 0x20000000, 0x40000123, 0x7FFFFFFF, 0xA0000000L, 0xFFFFFFFFL,
            -1, 0x100000000L, Long.MIN_VALUE}) {
            assertEquals(KernelVerdict.REFUSES, only(ids(AddressingMode.NORMAL_11, 0x7E8, id), Rule.ID_NOT_11_BIT).verdict());
        }
        for (long id : new long[] {0x20000000, 0x40000000, 0x7FFFFFFF, 0xC0000000L, 0xFFFFFFFFL, -1, 0x180000000L}) {
            assertEquals(KernelVerdict.REFUSES, only(ids(AddressingMode.NORMAL_29, 0x7E8, id), Rule.ID_NOT_29_BIT).verdict());
        }
        assertEquals(KernelVerdict.REFUSES, Rule.ID_NOT_11_BIT.verdict());
        assertEquals(KernelVerdict.REFUSES, Rule.ID_NOT_29_BIT.verdict());
    }

    @Test
    void anIdWithCanEffFlagIsTakenByTheKernelAsA29BitId() {
        for (long id : new long[] {0x80000000L, 0x80000123L, 0x9FFFFFFFL, Integer.MIN_VALUE | 0x123}) {
            // an 11-bit channel would run on a 29-bit id
            assertEquals(KernelVerdict.MISUSES, only(ids(AddressingMode.NORMAL_11, 0x7E8, id), Rule.ID_NOT_11_BIT).verdict());
            // the same id, written with the flag the mode sets anyway
            assertEquals(KernelVerdict.LIBRARY, only(ids(AddressingMode.NORMAL_29, id, 0x7E8), Rule.ID_NOT_29_BIT).verdict());
        }
    }

    @Test
    void aReceiveIdNextToABroadcastFlagIsNotLookedAt() {
        assertEquals(KernelVerdict.MISUSES,
                only(ids(AddressingMode.NORMAL_11, 0x800, 0x7E0).sfBroadcast(true), Rule.ID_NOT_11_BIT).verdict());
        assertEquals(KernelVerdict.MISUSES,
                only(ids(AddressingMode.EXTENDED_29, -1, 0x7E0).cfBroadcast(true).targetAddress(1).sourceAddress(2),
                        Rule.ID_NOT_29_BIT).verdict());
        // beyond 32 bits no canid_t holds it at all
        assertEquals(KernelVerdict.REFUSES,
                only(ids(AddressingMode.NORMAL_11, 0x100000000L, 0x7E0).sfBroadcast(true), Rule.ID_NOT_11_BIT).verdict());
        // the transmit id is always checked
        assertEquals(KernelVerdict.REFUSES,
                only(ids(AddressingMode.NORMAL_11, 0x7E8, 0x800).sfBroadcast(true), Rule.ID_NOT_11_BIT).verdict());
    }

    @Test
    void aMissingIdIsTheLibrarysRule() {
        assertEquals(KernelVerdict.LIBRARY, Rule.ID_MISSING.verdict());
        Problem p = only(IsoTpConfig.builder().iface("vcan0").rxid(0x7E8), Rule.ID_MISSING);
        assertEquals(KernelVerdict.LIBRARY, p.verdict());
    }

    @Test
    void otherProblemsHaveTheirRulesVerdict() {
        Problem p = only(ids(AddressingMode.NORMAL_11, 0x7E8, 0x7E0).stmin(0x80), Rule.STMIN_RESERVED);
        assertEquals(KernelVerdict.MISUSES, p.verdict());
        p = only(ids(AddressingMode.NORMAL_11, 0x7E8, 0x7E8), Rule.IDS_EQUAL);
        assertEquals(KernelVerdict.REFUSES, p.verdict());
    }
}
