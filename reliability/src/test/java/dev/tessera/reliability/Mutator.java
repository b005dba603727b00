package dev.tessera.reliability;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded damage to a valid file: byte flips (half of them in the first 64 bytes, where headers live), truncation,
 * inserted or deleted runs, and a length field overwritten with a random or huge value. The same seed always gives
 * the same damage, described in words for the failure report.
 */
final class Mutator {
    private Mutator() {
    }

    /** A damaged copy and what was done to it. */
    record Mutation(byte[] bytes, String description) {
    }

    /** Damages a copy of {@code valid}; {@code lengthField} is the offset of the format's first length field. */
    static Mutation mutate(byte[] valid, int lengthField, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = valid.length;
        return switch (r.nextInt(6)) {
            case 0 -> {
                byte[] b = valid.clone();
                int flips = 1 + r.nextInt(4);
                StringBuilder what = new StringBuilder("flipped bits at");
                for (int i = 0; i < flips; i++) {
                    int at = r.nextBoolean() ? r.nextInt(Math.min(64, n)) : r.nextInt(n);
                    int bit = 1 << r.nextInt(8);
                    b[at] ^= (byte) bit;
                    what.append(' ').append(at).append(":0x").append(Integer.toHexString(bit));
                }
                yield new Mutation(b, what.toString());
            }
            case 1 -> {
                int at = r.nextInt(n);
                yield new Mutation(Arrays.copyOf(valid, at), "truncated to " + at + " of " + n + " bytes");
            }
            case 2 -> {
                byte[] b = valid.clone();
                int at = r.nextInt(Math.min(64, n));
                byte v = (byte) (r.nextBoolean() ? (r.nextBoolean() ? 0x00 : 0xff) : r.nextInt(256));
                b[at] = v;
                yield new Mutation(b, "byte " + at + " set to 0x" + Integer.toHexString(v & 0xff));
            }
            case 3 -> {
                int at = r.nextInt(n + 1);
                byte[] run = new byte[1 + r.nextInt(16)];
                r.nextBytes(run);
                byte[] b = new byte[n + run.length];
                System.arraycopy(valid, 0, b, 0, at);
                System.arraycopy(run, 0, b, at, run.length);
                System.arraycopy(valid, at, b, at + run.length, n - at);
                yield new Mutation(b, run.length + " random bytes inserted at " + at);
            }
            case 4 -> {
                int at = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(32, n - at));
                byte[] b = new byte[n - len];
                System.arraycopy(valid, 0, b, 0, at);
                System.arraycopy(valid, at + len, b, at, n - at - len);
                yield new Mutation(b, len + " bytes deleted at " + at);
            }
            default -> {
                byte[] b = valid.clone();
                long v = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong();
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 0xFFFF_FFFFL;
                    default -> r.nextInt(1 << 20);
                };
                for (int i = 0; i < 8 && lengthField + i < n; i++) {
                    b[lengthField + i] = (byte) (v >>> (8 * i));
                }
                yield new Mutation(b, "length field at " + lengthField + " overwritten with " + v);
            }
        };
    }
}
