package dev.tessera.reliability;

import dev.tessera.Device;
import dev.tessera.data.CsvDataset;
import dev.tessera.data.TargetKind;
import dev.tessera.io.CsvReader;
import dev.tessera.io.IdxReader;
import dev.tessera.io.Npy;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file readers under test, each as one call that reads a whole file and releases what it read. Every reader's
 * contract for a broken file is an {@link IOException} whose message names the file.
 */
enum FileFormat {
    /** {@link Safetensors#read} onto the CPU. */
    SAFETENSORS {
        @Override
        void read(Path file) throws IOException {
            try (SafetensorsContent c = Safetensors.read(file, Device.cpu())) {
                c.tensors().size();
            }
        }
    },
    /** {@link Npy#read}. */
    NPY {
        @Override
        void read(Path file) throws IOException {
            Npy.read(file);
        }
    },
    /** {@link IdxReader#read}, plain or gzip. */
    IDX {
        @Override
        void read(Path file) throws IOException {
            IdxReader.read(file);
        }
    },
    /** {@link CsvReader#read} with the defaults (header detection, comma). */
    CSV {
        @Override
        void read(Path file) throws IOException {
            CsvReader.defaults().read(file);
        }
    },
    /** {@link CsvDataset#load} with the last column as class labels. */
    CSV_DATASET {
        @Override
        void read(Path file) throws IOException {
            CsvDataset.load(file, "-1", TargetKind.CLASS);
        }
    };

    /** Reads {@code file} completely. */
    abstract void read(Path file) throws IOException;
}
