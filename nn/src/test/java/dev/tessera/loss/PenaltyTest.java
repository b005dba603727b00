package dev.tessera.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The course notes' numerical example: x = [3, 2, 1], y = 10, regression x.w = y. */
class PenaltyTest {
    private static Tensor w(double... v) {
        return Tensor.of(TorchFixture.DEVICE, v, v.length).requiresGrad(true);
    }

    @Test
    void notesL1AndL2Terms() {
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{3, 2, 1}, 3);
        Tensor spread = w(3, 0.25, 0.5);
        assertEquals(10.0, x.mul(spread).sum().item(), 1e-12, "(3, 0.25, 0.5) solves x.w = 10");
        assertEquals(3.75, Penalty.l1(List.of(spread)).item(), 0.005);
        assertEquals(9.31, Penalty.l2(List.of(spread)).item(), 0.005);
        Tensor sparse = w(10.0 / 3, 0, 0); // the notes print 10/3 as 3.33
        assertEquals(3.33, Penalty.l1(List.of(sparse)).item(), 0.005);
        assertEquals(11.11, Penalty.l2(List.of(sparse)).item(), 0.005);
        // the other two rows of the notes' table
        assertEquals(8.0, Penalty.l1(List.of(w(5, -2, -1))).item(), 0.005);
        assertEquals(30.0, Penalty.l2(List.of(w(5, -2, -1))).item(), 0.005);
        Tensor minNorm = w(30.0 / 14, 20.0 / 14, 10.0 / 14); // 10 x / |x|^2, printed as (2.14, 1.42, 0.71)
        assertEquals(4.29, Penalty.l1(List.of(minNorm)).item(), 0.005);
        assertEquals(7.14, Penalty.l2(List.of(minNorm)).item(), 0.005);
    }

    @Test
    void coefficientScalesAndGradientIsSignOrTwiceTheWeight() {
        Tensor a = w(3, -0.25, 0.5);
        Tensor b = w(-2);
        Tensor loss = Tensor.scalar(1.0, dev.tessera.DType.FLOAT64, TorchFixture.DEVICE);
        Tensor total = new Penalty(Penalty.Kind.L2, 0.1, List.of(a, b)).addTo(
                new Penalty(Penalty.Kind.L1, 0.5, List.of(a)).addTo(loss));
        assertEquals(1 + 0.5 * 3.75 + 0.1 * (9.3125 + 4), total.item(), 1e-12);
        total.backward();
        assertArrayEquals(new double[]{0.5 + 0.6, -0.5 - 0.05, 0.5 + 0.1}, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[]{-0.4}, b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void rejectsNegativeCoefficientAndEmptyList() {
        assertEquals("Penalty: coefficient must be >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> new Penalty(Penalty.Kind.L1, -1, List.of(w(1)))).getMessage());
        assertEquals("Penalty: the parameter list is empty", assertThrows(IllegalArgumentException.class,
                () -> new Penalty(Penalty.Kind.L1, 1, List.of())).getMessage());
    }
}
