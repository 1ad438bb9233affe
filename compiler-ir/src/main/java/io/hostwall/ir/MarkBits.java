package io.hostwall.ir;

/**
 * The packet-mark bits the ruleset uses, allocated from the configured mask from the least significant bit
 * upwards in Felix's order: accept, pass, drop, scratch0, scratch1 (defaults 0x10000, 0x20000, 0x40000,
 * 0x80000, 0x100000 for mask 0xffff0000).
 */
public record MarkBits(int mask, int accept, int pass, int drop, int scratch0, int scratch1) {

    /**
     * Allocates the five bits from {@code mask}, lowest first.
     *
     * @param mask the mark bits hostwall may use
     * @return the allocation
     * @throws IllegalArgumentException if the mask has fewer than five bits set
     */
    public static MarkBits allocate(int mask) {
        int[] bits = new int[5];
        int found = 0;
        for (int i = 0; i < 32 && found < bits.length; i++) {
            int bit = 1 << i;
            if ((mask & bit) != 0) {
                bits[found++] = bit;
            }
        }
        if (found < bits.length) {
            throw new IllegalArgumentException(String.format(
                    "mark mask 0x%08x has %d bits set; hostwall needs at least 5", mask, Integer.bitCount(mask)));
        }
        return new MarkBits(mask, bits[0], bits[1], bits[2], bits[3], bits[4]);
    }

    /** {@return everything a stage clears on entry: accept, pass and both scratch bits (not drop, as in Felix)} */
    public int allBits() {
        return accept | pass | scratch0 | scratch1;
    }
}
