package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Creation, data access, dtype promotion and bad-input messages of the Tensor API (on the reference device). */
class TensorTest {
    private final Device d = Device.of("reference");

    @Test
    void creation() {
        assertArrayEquals(new float[]{0, 0, 0}, Tensor.zeros(Shape.of(3), DType.FLOAT32, d).toFloatArray());
        assertArrayEquals(new int[]{7, 7}, Tensor.full(7.9, Shape.of(2), DType.INT32, d).toIntArray());
        assertArrayEquals(new double[]{0, 0.5, 1, 1.5}, Tensor.arange(0, 2, 0.5, DType.FLOAT64, d).toDoubleArray());
        assertArrayEquals(new double[]{3, 2}, Tensor.arange(3, 1, -1, DType.FLOAT64, d).toDoubleArray());
        assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5, DType.FLOAT64, d)
                .toDoubleArray());
        assertArrayEquals(new float[]{1, 0, 0, 1}, Tensor.eye(2, DType.FLOAT32, d).toFloatArray());
        assertEquals(Shape.scalar(), Tensor.scalar(2, DType.FLOAT32, d).shape());
        assertEquals(2.0, Tensor.scalar(2, DType.FLOAT32, d).item());
        Tensor t = Tensor.of(d, new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6.0, t.get(1, 2));
        assertEquals(4.0, t.get(-1, 0));
    }

    @Test
    void randomDrawsAreReproducibleFromTheSeed() {
        Tensor a = Tensor.normal(new Generator(42), 0, 1, Shape.of(100), DType.FLOAT32, d);
        Tensor b = Tensor.normal(new Generator(42), 0, 1, Shape.of(100), DType.FLOAT32, d);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        Generator g = new Generator(42);
        Tensor first = Tensor.uniform(g, 0, 1, Shape.of(5), DType.FLOAT32, d);
        Tensor second = Tensor.uniform(g, 0, 1, Shape.of(5), DType.FLOAT32, d);
        assertTrue(first.sub(second).abs().sum().item() > 0, "successive draws differ");
        assertEquals(16, g.offset(), "each draw of 5 words reserves 8: draws start on a Philox block");
    }

    @Test
    void promotionFollowsPyTorch() {
        Tensor i = Tensor.of(d, new int[]{1, 2, 3});
        Tensor f = Tensor.of(d, new float[]{0.5f, 0.5f, 0.5f});
        assertEquals(DType.FLOAT32, i.add(f).dtype());
        assertEquals(DType.INT32, i.add(2).dtype());
        assertEquals(DType.FLOAT32, i.mul(0.5).dtype());
        assertEquals(DType.FLOAT32, i.div(i).dtype(), "true division");
        assertEquals(DType.FLOAT64, f.add(Tensor.of(d, new double[]{1, 1, 1})).dtype());
        assertEquals(DType.FLOAT32, i.exp().dtype());
        assertArrayEquals(new int[]{1, 0, 0}, i.lt(2).toIntArray());
    }

    @Test
    void clampAndWhere() {
        Tensor x = Tensor.of(d, new double[]{-2, -0.5, 0.5, 2});
        assertArrayEquals(new double[]{-1, -0.5, 0.5, 1}, x.clamp(-1, 1).toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 0.5, 2}, Tensor.where(x.gt(0), x, 0.0).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> x.clamp(1, -1));
    }

    @Test
    void reductions() {
        Tensor x = Tensor.of(d, new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[]{5, 7, 9}, x.sum(0).toDoubleArray());
        assertEquals(Shape.of(2, 1), x.sum(new int[]{1}, true).shape());
        assertEquals(3.5, x.mean().item(), 1e-12);
        assertEquals(3.5, x.var().item(), 1e-12);
        assertEquals(Math.sqrt(3.5), x.std().item(), 1e-12);
        assertArrayEquals(new double[]{2.0 / 3, 2.0 / 3}, x.var(new int[]{1}, 0, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[]{2, 2}, x.argmax(1, false).toIntArray());
        assertEquals(0, x.argmin().item());
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse, x.logsumexp(1).toDoubleArray()[0], 1e-12);
        Tensor big = Tensor.of(d, new double[]{1000, 1000});
        assertEquals(1000 + Math.log(2), big.logsumexp(0).item(), 1e-9, "stable for large values");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(Shape.of(0, 3), DType.FLOAT32, d).max(0, false));
        assertTrue(e.getMessage().contains("size 0"), e.getMessage());
    }

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        Tensor x = Tensor.arange(0, 6, 1, DType.FLOAT32, d).reshape(2, 3);
        Tensor t = x.t();
        assertEquals(Shape.of(3, 2), t.shape());
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, t.toFloatArray());
        assertArrayEquals(new float[]{1, 4}, x.select(1, 1).toFloatArray());
        assertArrayEquals(new float[]{0, 2, 3, 5}, x.slice(1, 0, 3, 2).toFloatArray());
        assertArrayEquals(new float[]{2, 5}, x.slice(1, -1, 3).toFloatArray());
        assertEquals(Shape.of(2, 1, 3), x.unsqueeze(1).shape());
        assertEquals(Shape.of(2, 3), x.unsqueeze(0).squeeze().shape());
        assertEquals(Shape.of(6), x.flatten().shape());
        assertEquals(Shape.of(4, 2, 3), x.expand(4, 2, 3).shape());
        assertEquals(Shape.of(3, 2), x.permute(1, 0).shape());
        assertSame(x, x.contiguous());
        Tensor[] parts = x.split(1, 1, 2);
        assertArrayEquals(new float[]{1, 2, 4, 5}, parts[1].toFloatArray());
        assertEquals(3, x.chunk(2, 1)[0].size(1) + x.chunk(2, 1)[1].size(1));
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5},
                Tensor.stack(0, x, x).toFloatArray());
        assertEquals(Shape.of(2, 2, 3), Tensor.stack(0, x, x).shape());
        assertEquals(Shape.of(2, 6), Tensor.concat(1, x, x).shape());
        x.select(0, 0).fill(9);
        assertArrayEquals(new float[]{9, 9, 9}, x.slice(0, 0, 1).toFloatArray(), "slices are views");
        Tensor c = x.copy();
        c.fill(1);
        assertEquals(9.0, x.get(0, 0), "copies are independent");
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        Tensor a = Tensor.zeros(Shape.of(32, 784), DType.FLOAT32, d);
        Tensor b = Tensor.zeros(Shape.of(1024, 10), DType.FLOAT32, d);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertEquals("matmul: inner dimensions differ: [32, 784] x [1024, 10]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.reshape(5, -1));
        assertTrue(e.getMessage().startsWith("reshape: cannot reshape [32, 784]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add: shapes [32, 784] and [1024, 10] do not broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.sum(2));
        assertTrue(e.getMessage().contains("sum: axis 2 is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.permute(0, 0));
        assertTrue(e.getMessage().contains("repeats"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(d, new float[]{1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("3 values do not fill shape [2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> a.softmaxCrossEntropy(Tensor.zeros(Shape.of(31), DType.INT32, d), null, 0));
        assertTrue(e.getMessage().contains("labels shape [31] does not match logits [32, 784]"), e.getMessage());
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> a.softmaxCrossEntropy(Tensor.full(784, Shape.of(32), DType.INT32, d), null, 0));
        assertTrue(oob.getMessage().contains("label 784 is out of range [0, 784)"), oob.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(d, new int[]{1}).oneHot(0));
        assertThrows(IllegalArgumentException.class, () -> a.item());
    }

    @Test
    void gatherScatterIndexSelectOneHot() {
        Tensor x = Tensor.of(d, new float[]{10, 11, 12, 20, 21, 22}, 2, 3);
        Tensor idx = Tensor.of(d, new int[]{2, 0}, 2, 1);
        assertArrayEquals(new float[]{12, 20}, x.gather(1, idx).toFloatArray());
        assertArrayEquals(new float[]{20, 21, 22, 20, 21, 22}, x.indexSelect(0, Tensor.of(d, new int[]{1, 1}))
                .toFloatArray());
        Tensor z = Tensor.zeros(Shape.of(2, 3), DType.FLOAT32, d);
        assertArrayEquals(new float[]{0, 0, 5, 5, 0, 0},
                z.scatterAdd(1, idx, Tensor.full(5, Shape.of(2, 1), DType.FLOAT32, d)).toFloatArray());
        assertArrayEquals(new float[]{0, 1, 1, 0}, Tensor.of(d, new int[]{1, 0}).oneHot(2).toFloatArray());
    }

    @Test
    void argmaxAndArgminDropTheAxisByDefault() {
        Tensor t = Tensor.of(d, new double[]{1, 5, 2, 7, 0, 3}, 2, 3);
        assertEquals(Shape.of(2), t.argmax(1).shape());
        assertArrayEquals(new int[]{1, 0}, t.argmax(1).toIntArray());
        assertArrayEquals(new int[]{1, 0, 1}, t.argmax(0).toIntArray());
        assertArrayEquals(new int[]{0, 1}, t.argmin(1).toIntArray());
        assertEquals(Shape.of(2, 1), t.argmax(1, true).shape());
    }

    @Test
    void setDataSwapsTheStorageOfALeaf() {
        Tensor p = Tensor.of(d, new double[]{1, 2, 3}, 3).requiresGrad(true);
        p.mul(p).sum().backward();
        Tensor source = Tensor.of(d, new float[]{7, 8, 9}, 3);
        p.setData(source);
        assertEquals(DType.FLOAT32, p.dtype());
        assertArrayEquals(new float[]{7, 8, 9}, p.toFloatArray());
        assertEquals(null, p.grad(), "the old gradient is dropped");
        assertTrue(p.requiresGrad());
        source.close();
        assertArrayEquals(new float[]{7, 8, 9}, p.toFloatArray(), "p holds its own share of the storage");
        assertThrows(IllegalArgumentException.class, () -> p.setData(Tensor.zeros(Shape.of(2), DType.FLOAT32, d)));
        assertThrows(IllegalArgumentException.class, () -> p.mul(2).setData(Tensor.zeros(Shape.of(3), DType.FLOAT32,
                d)));
    }
}
