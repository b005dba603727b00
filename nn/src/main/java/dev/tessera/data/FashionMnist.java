package dev.tessera.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; MIT licence): 28x28 grey images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, read from IDX files. The default folder is where Debian's
 * {@code dataset-fashion-mnist} package installs them.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** {@link #load(Path)} from {@link #DEFAULT_DIR}. */
    public static TrainTest load() throws IOException {
        return load(DEFAULT_DIR);
    }

    /**
     * The training and test sets from {@code dir}: features {@code [1, 28, 28]} (one grey channel) as floats 0..255 (unscaled), INT32
     * labels 0..9 with {@link #CLASS_NAMES}.
     *
     * @throws NoSuchFileException when the folder or a file is missing; the message says how to get the data
     * @throws IOException         when a file is malformed
     */
    public static TrainTest load(Path dir) throws IOException {
        try {
            return IdxFolder.load(dir, CLASS_NAMES);
        } catch (NoSuchFileException e) {
            String what = Files.isDirectory(dir) ? e.getReason() : "folder " + dir + " does not exist";
            NoSuchFileException help = new NoSuchFileException(dir.toString(), null, "Fashion-MNIST not found: "
                    + what + ". Install it with 'apt-get install dataset-fashion-mnist' (into " + DEFAULT_DIR
                    + "), or give a folder holding " + String.join(", ", IdxFolder.FILES)
                    + " (each may end in .gz), as published at github.com/zalandoresearch/fashion-mnist");
            help.initCause(e);
            throw help;
        }
    }
}
