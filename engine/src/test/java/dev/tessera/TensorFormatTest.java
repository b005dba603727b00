package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensor.toString prints like PyTorch: aligned values, summarized past 1000 elements, closed tensors safely. */
class TensorFormatTest {
    private final Device d = Device.of("reference");

    @Test
    void smallMatrixPrintsEveryValueAligned() {
        Tensor t = Tensor.of(d, new float[]{0.1f, -2, 3.25f, 40}, 2, 2);
        assertEquals("tensor([[ 0.1000, -2.0000],\n        [ 3.2500, 40.0000]], dtype=FLOAT32, device=reference)",
                t.toString());
    }

    @Test
    void integralFloatsIntegersScalarsAndScientific() {
        assertEquals("tensor([1., 2., 3.], dtype=FLOAT64, device=reference)",
                Tensor.of(d, new double[]{1, 2, 3}, 3).toString());
        assertEquals("tensor([ 7, -1], dtype=INT32, device=reference)", Tensor.of(d, new int[]{7, -1}, 2).toString());
        assertEquals("tensor(2.5000, dtype=FLOAT64, device=reference)",
                Tensor.scalar(2.5, DType.FLOAT64, d).toString());
        assertEquals("tensor([1.0000e-05, 1.0000e+09,        nan,        inf], dtype=FLOAT64, device=reference)",
                Tensor.of(d, new double[]{1e-5, 1e9, Double.NaN, Double.POSITIVE_INFINITY}, 4).toString());
    }

    @Test
    void largeTensorShowsOnlyItsEdgesAndShape() {
        Tensor t = Tensor.arange(0, 1_000_000, 1, DType.FLOAT32, d).reshape(1000, 1000);
        String s = t.toString();
        assertEquals("tensor([[     0.,      1.,      2., ..., 997., 998., 999.],", s.substring(0, s.indexOf('\n'))
                .replaceAll(" +(?=\\d{3}\\.)", " ").replaceFirst("\\[\\[ +0", "[[     0"), s);
        assertTrue(s.contains("        ...,\n"), s);
        assertTrue(s.endsWith("999999.]], dtype=FLOAT32, device=reference, shape=[1000, 1000])"), s);
        assertEquals(7, s.split("\n").length, "3 rows, the ellipsis and 3 rows: " + s);
    }

    @Test
    void gradientInformationAndClosedTensors() {
        Tensor x = Tensor.of(d, new double[]{1, 2}, 2).requiresGrad(true);
        assertTrue(x.toString().endsWith(", requiresGrad=true)"), x.toString());
        assertTrue(x.mul(x).toString().endsWith(", gradFn=" + x.mul(x).gradFnName() + ")"));
        x.close();
        assertEquals("tensor(<closed>, shape=[2])", x.toString());
    }
}
