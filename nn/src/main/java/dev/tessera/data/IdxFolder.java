package dev.tessera.data;

import dev.tessera.Shape;
import dev.tessera.io.IdxArray;
import dev.tessera.io.IdxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a folder in the MNIST layout: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz} appended (a
 * dot instead of the dash before {@code idx} is accepted too, as some mirrors write it). MNIST, Fashion-MNIST, KMNIST
 * and the EMNIST splits ship this way.
 *
 * <p>Examples keep the layout of an image: an images file {@code [N, H, W]} (grey images, the usual case) gives
 * examples {@code [1, H, W]}, one channel, so a batch is {@code [B, 1, H, W]} as convolutions take it; a file of any
 * other rank {@code [N, ...]} gives examples of its trailing axes unchanged (e.g. {@code [C, H, W]} for a 4-D file,
 * {@code [F]} for a 2-D table).
 */
public final class IdxFolder {
    /** The four file stems, in the order train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private IdxFolder() {
    }

    /**
     * The training and test sets: features {@code [1, rows, cols]} of each image as floats (0..255 for unsigned
     * bytes, unscaled; see the class comment for files of other ranks), INT32 labels, {@code numClasses = max label + 1}, {@code classNames} as given (may be empty).
     *
     * @throws NoSuchFileException naming the folder and the missing file
     * @throws IOException         when a file is malformed, or images and labels disagree in count
     */
    public static TrainTest load(Path dir, List<String> classNames) throws IOException {
        Path[] files = new Path[4];
        for (int i = 0; i < 4; i++) {
            files[i] = find(dir, FILES.get(i));
        }
        return new TrainTest(load(files[0], files[1], classNames), load(files[2], files[3], classNames));
    }

    /** The file of {@code stem} in {@code dir}, plain or gzip, with a dash or a dot before "idx". */
    static Path find(Path dir, String stem) throws NoSuchFileException {
        String dotted = stem.replace("-idx", ".idx");
        for (String name : new String[]{stem + ".gz", stem, dotted + ".gz", dotted}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(dir.resolve(stem).toString(), null, "missing " + stem + "[.gz] in " + dir);
    }

    /** One images file and its labels file as a dataset. */
    static InMemoryDataset load(Path images, Path labels, List<String> classNames) throws IOException {
        IdxArray x = IdxReader.read(images);
        IdxArray y = IdxReader.read(labels);
        int[] xs = x.shape();
        int[] ys = y.shape();
        if (xs.length < 2 || ys.length != 1 || xs[0] != ys[0]) {
            throw new IOException(images + " has shape " + Arrays.toString(xs) + " but " + labels + " has shape "
                    + Arrays.toString(ys) + "; expected [N, ...] images and [N] labels");
        }
        int[] v = y.toIntArray();
        int max = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw new IOException(labels + ": label " + v[i] + " at position " + i + " is negative");
            }
            max = Math.max(max, v[i]);
        }
        int classes = Math.max(max + 1, classNames.size());
        if (!classNames.isEmpty() && classes != classNames.size()) {
            throw new IOException(labels + ": label " + max + " is outside the " + classNames.size()
                    + " known classes");
        }
        return InMemoryDataset.builder(exampleShape(xs)).features(x.toFloatArray()).labels(v, classes)
                .classNames(classNames).build();
    }

    /** The shape of one example of an images file of shape {@code xs}: {@code [1, H, W]} for {@code [N, H, W]}. */
    static Shape exampleShape(int[] xs) {
        int[] example = Arrays.copyOfRange(xs, 1, xs.length);
        return example.length == 2 ? Shape.of(1, example[0], example[1]) : Shape.of(example);
    }
}
