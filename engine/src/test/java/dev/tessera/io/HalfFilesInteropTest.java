package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.HalfFloats;
import dev.tessera.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FLOAT16 and BFLOAT16 files against PyTorch and NumPy: {@code fixtures/half} is written by
 * {@code scripts/fixtures/make_half_fixtures.py} from FLOAT32 values chosen at rounding edges (ties, overflow,
 * subnormals, signed zero, infinities, NaN). PyTorch's {@code half()}/{@code bfloat16()} and NumPy's
 * {@code astype(float16)} must load as FLOAT16/BFLOAT16 and equal Tessera's own rounding of the same values, and
 * what Tessera writes must read back bit for bit.
 */
class HalfFilesInteropTest {
    private static final Device REF = Device.of("reference");

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Path.of(HalfFilesInteropTest.class.getResource("/fixtures/half/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pytorchHalfAndBfloat16LoadAsThemselvesAndMatchTesseraRounding() throws IOException {
        try (SafetensorsContent c = Safetensors.read(fixture("half.safetensors"), REF)) {
            Tensor x = c.tensors().get("x");
            Tensor h = c.tensors().get("h");
            Tensor b = c.tensors().get("b");
            assertEquals(DType.FLOAT32, x.dtype());
            assertEquals(DType.FLOAT16, h.dtype());
            assertEquals(DType.BFLOAT16, b.dtype());
            assertArrayEquals(new int[]{4, 24}, h.shape().dims());
            assertArrayEquals(h.toDoubleArray(), x.to(DType.FLOAT16).toDoubleArray(), "torch half() vs Tessera");
            assertArrayEquals(b.toDoubleArray(), x.to(DType.BFLOAT16).toDoubleArray(), "torch bfloat16() vs Tessera");
            assertArrayEquals(h.toDoubleArray(), x.half().toDoubleArray());
            float[] source = x.toFloatArray();
            double[] widened = h.toDoubleArray();
            for (int i = 0; i < source.length; i++) {
                assertEquals(HalfFloats.widen(DType.FLOAT16, HalfFloats.toFloat16(source[i])), widened[i], 0.0,
                        "element " + i + " = " + source[i]);
            }
        }
        try (SafetensorsContent c = Safetensors.readWidened(fixture("half.safetensors"), REF)) {
            assertEquals(DType.FLOAT32, c.tensors().get("h").dtype());
            assertEquals(DType.FLOAT32, c.tensors().get("b").dtype());
            assertArrayEquals(c.tensors().get("x").to(DType.BFLOAT16).toDoubleArray(),
                    c.tensors().get("b").toDoubleArray());
        }
    }

    @Test
    void numpyFloat16LoadsAsFloat16AndMatchesPytorch() throws IOException {
        NpyArray a = Npy.read(fixture("f2_4x24.npy"));
        assertEquals(NpyType.FLOAT16, a.type());
        assertEquals("<f2", a.type().descr());
        assertArrayEquals(new int[]{4, 24}, a.shape());
        try (SafetensorsContent c = Safetensors.read(fixture("half.safetensors"), REF);
             Tensor t = Npy.readTensor(fixture("f2_4x24.npy"), REF); Tensor viaArray = a.toTensor(REF)) {
            Tensor torchHalf = c.tensors().get("h");
            assertEquals(DType.FLOAT16, t.dtype());
            assertArrayEquals(torchHalf.toDoubleArray(), t.toDoubleArray(), "numpy float16 vs torch half()");
            assertArrayEquals(torchHalf.toDoubleArray(), viaArray.toDoubleArray());
            assertArrayEquals(torchHalf.toDoubleArray(), a.toDoubleArray());
        }
        try (Tensor x = Npy.readTensor(fixture("x_4x24.npy"), REF); Tensor h = x.half()) {
            assertArrayEquals((short[]) a.data(), (short[]) NpyArray.of(h).data(), "Tessera's rounding, bit for bit");
        }
    }

    @Test
    void tesseraWritesBothHalfTypesToSafetensorsAndFloat16ToNpy() throws IOException {
        try (SafetensorsContent c = Safetensors.read(fixture("half.safetensors"), REF)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("h", c.tensors().get("h"));
            out.put("b", c.tensors().get("b"));
            out.put("b transposed", c.tensors().get("b").t());
            Path p = dir.resolve("out.safetensors");
            Safetensors.write(p, out, null);
            SafetensorsHeader header = Safetensors.readHeader(p);
            assertEquals(SafetensorsHeader.StoredType.F16, header.entries().get(0).type());
            assertEquals(SafetensorsHeader.StoredType.BF16, header.entries().get(1).type());
            try (SafetensorsContent back = Safetensors.read(p, REF)) {
                for (Map.Entry<String, Tensor> e : out.entrySet()) {
                    assertEquals(e.getValue().dtype(), back.tensors().get(e.getKey()).dtype(), e.getKey());
                    assertArrayEquals(e.getValue().toDoubleArray(), back.tensors().get(e.getKey()).toDoubleArray(),
                            e.getKey());
                }
            }
            Path npy = dir.resolve("h.npy");
            Npy.write(npy, c.tensors().get("h"));
            assertArrayEquals(Files.readAllBytes(fixture("f2_4x24.npy")), Files.readAllBytes(npy),
                    "the same bytes NumPy writes for the same float16 array");
            Path viaArray = dir.resolve("array.npy");
            Npy.write(viaArray, NpyArray.of(c.tensors().get("h")));
            assertArrayEquals(Files.readAllBytes(npy), Files.readAllBytes(viaArray));
        }
    }

    @Test
    void bfloat16IsRefusedByNpyNamingTheWayOut() {
        try (Tensor b = Tensor.of(REF, DType.BFLOAT16, new double[]{1, 2}, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Npy.write(dir.resolve("b.npy"), b));
            assertTrue(e.getMessage().contains("NumPy has no bfloat16") && e.getMessage().contains("FLOAT32")
                    && e.getMessage().contains("safetensors"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> NpyArray.of(b));
            assertTrue(Files.notExists(dir.resolve("b.npy")));
        }
    }
}
