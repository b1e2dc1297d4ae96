package mprogsim.scheduler.stateful;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The fingerprint hash is xxHash64 of the ints as little-endian bytes, seeded with 0x9E3779B97F4A7C15: the expected
 * values were computed with the reference library (libxxhash 0.8.1, XXH64), one for each path through the code
 * (no stripe, stripes, tail words, a last odd int).
 */
class StateHashTest {
    private static int[] sample(int n, int offset) {
        int[] a = new int[n + offset];
        for (int i = 0; i < n; i++) {
            a[offset + i] = i * 0x9E3779B9 + 7;
        }
        return a;
    }

    @Test
    void itIsXxHash64OfTheLittleEndianBytes() {
        int[] lengths = {0, 1, 2, 3, 8, 9, 17, 189};
        long[] expected = {0xc4349fc93c010000L, 0xd6470e2a6bb1440cL, 0x8e03128067a2bb6dL, 0x74263f092d9ac552L,
            0xda17dda971be965cL, 0x98e17721bec1639eL, 0x22f7222bf6d326afL, 0xea1b45da9eed50eeL};
        for (int k = 0; k < lengths.length; k++) {
            assertEquals(expected[k], StateHash.of(sample(lengths[k], 0), 0, lengths[k]), "length " + lengths[k]);
            assertEquals(expected[k], StateHash.of(sample(lengths[k], 5), 5, lengths[k]), "at an offset");
        }
    }

    @Test
    void everyIntAndTheLengthCount() {
        int[] a = sample(189, 0);
        long h = StateHash.of(a, 0, 189);
        for (int i = 0; i < a.length; i++) {
            a[i] ^= 1 << (i % 32);
            assertNotEquals(h, StateHash.of(a, 0, 189), "int " + i);
            a[i] ^= 1 << (i % 32);
        }
        assertNotEquals(StateHash.of(new int[2], 0, 1), StateHash.of(new int[2], 0, 2));
    }
}
