package dev.tessera.stats;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The small dense d x d linear algebra of the classical tools, on row-major {@code double[]} matrices, through EJML:
 * Cholesky factors, triangular inverses and symmetric eigendecompositions. Inputs are never modified.
 */
final class SmallMatrices {
    private SmallMatrices() {
    }

    /** The lower-triangular L with {@code a = L L^T}, or null when {@code a} is not positive definite. */
    static double[] choleskyLower(double[] a, int d) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        DMatrixRMaj m = new DMatrixRMaj(d, d, true, a.clone());
        if (!chol.decompose(m)) {
            return null;
        }
        double[] l = chol.getT(null).data.clone();
        for (int i = 0; i < d; i++) {
            if (!(l[i * d + i] > 0) || !Double.isFinite(l[i * d + i])) {
                return null;
            }
            for (int j = i + 1; j < d; j++) {
                l[i * d + j] = 0;
            }
        }
        return l;
    }

    /** {@code (L^-1)^T} for a lower-triangular L with a positive diagonal: an upper-triangular matrix. */
    static double[] inverseLowerTransposed(double[] lower, int d) {
        double[] inv = lower.clone();
        TriangularSolver_DDRM.invertLower(inv, d);
        return transpose(inv, d);
    }

    /** The transpose of a d x d matrix. */
    static double[] transpose(double[] a, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[j * d + i] = a[i * d + j];
            }
        }
        return t;
    }

    /**
     * Eigenvalues and eigenvectors of the symmetric matrix {@code a} (only symmetry is assumed), eigenvalues in
     * decreasing order; {@code vectors} is d x d row-major with eigenvector j in column j, each of unit length.
     */
    record SymmetricEigen(double[] values, double[] vectors) {
    }

    /** The symmetric eigendecomposition of {@code a} (see {@link SymmetricEigen}). */
    static SymmetricEigen symmetricEigen(double[] a, int d) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, a.clone()))) {
            throw new ArithmeticException("symmetric eigendecomposition of a " + d + "x" + d
                    + " matrix did not converge (does it hold NaN or infinity?)");
        }
        Integer[] order = new Integer[d];
        double[] raw = new double[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(raw[q], raw[p]));
        double[] values = new double[d];
        double[] vectors = new double[d * d];
        for (int j = 0; j < d; j++) {
            values[j] = raw[order[j]];
            DMatrixRMaj v = eig.getEigenVector(order[j]);
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += v.get(i) * v.get(i);
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                vectors[i * d + j] = v.get(i) / norm;
            }
        }
        return new SymmetricEigen(values, vectors);
    }
}
