package dev.tessera.data;

import dev.tessera.io.CsvReader;
import dev.tessera.io.CsvTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The 8x8 handwritten digits embedded in Tessera's jar: scikit-learn's {@code load_digits()} table, the test set of
 * the UCI "Optical Recognition of Handwritten Digits" data (E. Alpaydin, C. Kaynak, 1998). 1,797 examples of 64
 * features (an 8x8 image, row-major, each pixel a count 0..16 of "on" pixels in a 4x4 block of a 32x32 bitmap) and
 * a class label 0..9. Source, checksum and licence: {@code dev/tessera/data/README-digits.md} next to the data.
 */
public final class Digits {
    /** Number of examples. */
    public static final int SIZE = 1797;
    /** Image side in pixels. */
    public static final int SIDE = 8;
    /** Number of classes (the digits 0..9). */
    public static final int CLASSES = 10;
    /** Largest pixel value. */
    public static final int MAX_PIXEL = 16;
    private static final String RESOURCE = "digits.csv.gz";

    private Digits() {
    }

    /**
     * The dataset: features {@code [64]}, pixel counts 0..16 (unscaled; fit a {@link Normalizer} on the training part),
     * INT32 labels 0..9, in the file's order.
     *
     * @throws UncheckedIOException if the embedded resource is missing or damaged (a broken jar)
     */
    public static InMemoryDataset load() {
        try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource dev/tessera/data/" + RESOURCE + " is missing from the class path");
            }
            CsvTable table = CsvReader.defaults().header(CsvReader.Header.ABSENT).read(in, RESOURCE);
            if (table.rows() != SIZE || table.columns() != SIDE * SIDE + 1) {
                throw new IOException(RESOURCE + ": expected " + SIZE + " rows of " + (SIDE * SIDE + 1)
                        + " columns, found " + table.rows() + " x " + table.columns());
            }
            InMemoryDataset d = CsvDataset.fromTable(table, "-1", TargetKind.CLASS);
            if (d.numClasses() != CLASSES) {
                throw new IOException(RESOURCE + ": expected labels 0..9, found " + d.numClasses() + " classes");
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("Digits.load: the embedded digits data cannot be read: " + e.getMessage(),
                    e);
        }
    }
}
