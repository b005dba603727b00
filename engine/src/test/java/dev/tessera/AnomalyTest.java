package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anomaly detection names the op that first produced NaN or Inf, forward or backward, and where it was created. */
class AnomalyTest {
    private final Device d = Device.of("reference");

    @BeforeEach
    void on() {
        Tessera.setAnomalyDetection(true);
    }

    @AfterEach
    void off() {
        Tessera.setAnomalyDetection(false);
    }

    @Test
    void forwardNanOrInfNamesTheOpShapesAndSite() {
        Tensor x = Tensor.of(d, new double[]{1, 0, 2}).requiresGrad(true);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.log());
        assertTrue(e.getMessage().contains("anomaly: log produced Inf") && e.getMessage().contains("[3]"),
                e.getMessage());
        assertNotNull(e.getCause(), "the cause records where the op was created");
        assertTrue(e.getCause().getStackTrace().length > 0);
        Tensor y = Tensor.of(d, new double[]{-1}).requiresGrad(true);
        ArithmeticException nan = assertThrows(ArithmeticException.class, () -> y.sqrt());
        assertTrue(nan.getMessage().contains("sqrt produced NaN"), nan.getMessage());
    }

    @Test
    void backwardNanOrInfNamesTheOp() {
        Tensor x = Tensor.of(d, new double[]{0, 4}).requiresGrad(true);
        Tensor y = x.sqrt().sum();
        long before = d.memoryStats().bytesInUse();
        ArithmeticException e = assertThrows(ArithmeticException.class, y::backward);
        assertTrue(e.getMessage().contains("the backward of sqrt produced Inf"), e.getMessage());
        assertEquals(before, d.memoryStats().bytesInUse(), "the rejected gradients were freed");
    }

    @Test
    void finiteComputationsPass() {
        Tensor x = Tensor.of(d, new double[]{1, 2}).requiresGrad(true);
        x.exp().sum().backward();
        assertNotNull(x.grad());
    }
}
