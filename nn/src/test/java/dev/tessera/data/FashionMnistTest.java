package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.testing.IdxBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path tmp;

    private static void writeIdx(Path p, boolean gzip, int[] shape, byte[] payload) throws IOException {
        try (OutputStream f = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            f.write(IdxBytes.ubyte(shape, payload));
        }
    }

    /** A tiny MNIST-layout folder: 3 training and 2 test images of 2x2 pixels. */
    private Path tinyFolder(boolean gzip) throws IOException {
        String gz = gzip ? ".gz" : "";
        writeIdx(tmp.resolve("train-images-idx3-ubyte" + gz), gzip, new int[]{3, 2, 2},
                new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255});
        writeIdx(tmp.resolve("train-labels-idx1-ubyte" + gz), gzip, new int[]{3}, new byte[]{9, 0, 4});
        writeIdx(tmp.resolve("t10k-images.idx3-ubyte" + gz), gzip, new int[]{2, 2, 2}, new byte[8]);
        writeIdx(tmp.resolve("t10k-labels.idx1-ubyte" + gz), gzip, new int[]{2}, new byte[]{1, 2});
        return tmp;
    }

    @Test
    void loadsAFolderInTheMnistLayout() throws IOException {
        for (boolean gzip : new boolean[]{false, true}) {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            TrainTest tt = FashionMnist.load(tinyFolder(gzip));
            assertEquals(3, tt.train().size());
            assertEquals(2, tt.test().size());
            assertEquals(Shape.of(1, 2, 2), tt.train().featureShape(), "one grey channel, as a convolution takes it");
            assertEquals(10, tt.train().numClasses());
            assertEquals("Ankle boot", tt.train().classNames().get(tt.train().label(0)));
            try (Scope s = Scope.open()) {
                assertArrayEquals(new float[]{8, 9, 10, 255}, tt.train().batch(new int[]{2}, DType.FLOAT32,
                        Device.of("reference")).features().toFloatArray());
            }
        }
    }

    @Test
    void aMissingFolderSaysHowToGetTheData() {
        Path nowhere = tmp.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(nowhere));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist")
                && e.getMessage().contains("does not exist") && e.getMessage().contains("train-images-idx3-ubyte"),
                e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        tinyFolder(false);
        Files.delete(tmp.resolve("t10k-labels.idx1-ubyte"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnist.load(tmp));
        assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgree() throws IOException {
        tinyFolder(false);
        writeIdx(tmp.resolve("train-labels-idx1-ubyte"), false, new int[]{2}, new byte[]{1, 2});
        assertTrue(assertThrows(IOException.class, () -> IdxFolder.load(tmp, java.util.List.of())).getMessage()
                .contains("expected [N, ...] images and [N] labels"));
    }

    @Test
    void theInstalledDatasetHasTheOfficialSizes() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                "dataset-fashion-mnist is not installed here");
        TrainTest tt = FashionMnist.load();
        assertEquals(60000, tt.train().size());
        assertEquals(10000, tt.test().size());
        assertEquals(Shape.of(1, 28, 28), tt.test().featureShape());
        int[] counts = new int[10];
        for (int i = 0; i < tt.test().size(); i++) {
            counts[tt.test().label(i)]++;
        }
        for (int c : counts) {
            assertEquals(1000, c);
        }
    }
}
