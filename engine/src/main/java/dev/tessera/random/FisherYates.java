package dev.tessera.random;

import java.util.function.IntUnaryOperator;

/**
 * The Fisher-Yates shuffle over a caller's source of uniform integers, so that every seeded permutation in Tessera
 * (data order, Spark shard order, test programs) runs the same loop and differs only in where its draws come from.
 */
public final class FisherYates {
    private FisherYates() {
    }

    /**
     * The permutation of {@code 0..n-1} that {@code below} drives: starting from the identity, for {@code i = n-1}
     * down to 1, position i swaps with position {@code below.applyAsInt(i + 1)}, which must be a uniform integer in
     * {@code [0, i]} for the permutation to be uniform. {@code below} is called exactly {@code n - 1} times (none for
     * n &lt;= 1), in that order, so a seeded source gives a reproducible permutation.
     */
    public static int[] permutation(int n, IntUnaryOperator below) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = below.applyAsInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
