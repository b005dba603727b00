package dev.tessera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class labels of a model: class index {@code i} (output {@code i} of the network) is named {@code names[i]}.
 * It is saved beside the model as {@value #FILE}, a flat JSON object from each index (as text) to its name, so
 * PyTorch users read it with {@code json.load} and the weights file stays a plain state dict. Data whose labels have
 * other names or another order is mapped by name ({@link #indexIn}).
 *
 * @param names the class names, distinct, index = class
 */
record LabelMap(List<String> names) {
    /** The file in a run folder. */
    static final String FILE = "labels.json";

    /**
     * A map of the given names.
     *
     * @throws IllegalArgumentException when a name repeats
     */
    LabelMap {
        names = List.copyOf(names);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer before = seen.put(names.get(i), i);
            if (before != null) {
                throw new IllegalArgumentException("LabelMap: class name '" + names.get(i) + "' is used by classes "
                        + before + " and " + i);
            }
        }
    }

    /** Classes named by their indices, {@code "0", "1", ...} (what a source without class names gets). */
    static LabelMap numbered(int classes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            out.add(Integer.toString(i));
        }
        return new LabelMap(out);
    }

    /** The class count. */
    int size() {
        return names.size();
    }

    /** The name of class {@code i}. */
    String name(int i) {
        return names.get(i);
    }

    /**
     * For each class of {@code data}, the index of the class of this model with the same name:
     * {@code result[j] = names.indexOf(data.name(j))}.
     *
     * @param what how to name the data in an error, e.g. {@code "--dataset csv:x.csv"}
     * @throws IllegalArgumentException when a class of the data has a name this model does not know, naming both
     *                                  label sets
     */
    int[] indexIn(LabelMap data, String what) {
        int[] out = new int[data.size()];
        List<String> unknown = new ArrayList<>();
        for (int j = 0; j < data.size(); j++) {
            out[j] = names.indexOf(data.name(j));
            if (out[j] < 0) {
                unknown.add(data.name(j));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " has labels " + data.names + " but the model's classes are "
                    + names + " (unknown: " + unknown + ")");
        }
        return out;
    }

    /** The content of {@value #FILE}: a JSON object from each class index (as text) to its name. */
    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            json.put(Integer.toString(i), names.get(i));
        }
        return FlatJson.write(json);
    }

    /** Writes {@value #FILE} into {@code dir}. */
    void save(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), toJson());
    }

    /**
     * Reads {@value #FILE} from {@code dir}; a run folder written before labels were saved has none, and then its
     * {@code classes} classes are numbered.
     *
     * @throws IOException when the file is malformed or does not name exactly the classes 0 to classes - 1
     */
    static LabelMap load(Path dir, int classes) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return numbered(classes);
        }
        Map<String, String> json;
        try {
            json = FlatJson.read(Files.readString(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            String name = json.get(Integer.toString(i));
            if (name == null) {
                throw new IOException(file + ": no name for class " + i + " (expected keys \"0\" to \"" + (classes - 1)
                        + "\", found " + json.keySet() + ")");
            }
            out.add(name);
        }
        if (json.size() != classes) {
            throw new IOException(file + ": names " + json.size() + " classes but the model has " + classes);
        }
        try {
            return new LabelMap(out);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
