package dev.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KernelInfoTest {

    @Test
    void versionIsReadFromTheRelease() {
        assertArrayEquals(new int[] {6, 1}, KernelInfo.version("6.1.0-56-amd64"));
        assertArrayEquals(new int[] {5, 10}, KernelInfo.version("5.10.0-rpi7-rpi-v8"));
        assertArrayEquals(new int[] {0, 0}, KernelInfo.version(""));
    }

    @Test
    void builtInLargestPduFollowsTheKernelVersion() {
        assertEquals(8200, KernelInfo.maxPduSizeOf(new int[] {5, 4}));
        assertEquals(66000, KernelInfo.maxPduSizeOf(new int[] {5, 10}));
        assertEquals(66000, KernelInfo.maxPduSizeOf(new int[] {5, 17}));
        assertEquals(66000, KernelInfo.maxPduSizeOf(new int[] {5, 18}));
        assertEquals(66000, KernelInfo.maxPduSizeOf(new int[] {6, 3}));
        assertEquals(8300, KernelInfo.maxPduSizeOf(new int[] {6, 4}));
        assertEquals(8200, KernelInfo.maxPduSizeOf(new int[] {0, 0}));
    }
}
