package dev.tessera.train;

import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.io.SafetensorsFormatException;
import dev.tessera.io.SafetensorsHeader;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.LrSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: one safetensors file (written to a temporary file and renamed, never half-written) holding
 * <ul>
 * <li>the model's state dict under its own names ({@code layers.0.weight}, {@code bn.running_mean}, ...), so the
 *     file doubles as a plain weights file;</li>
 * <li>the optimizer's state tensors ({@code optim.state.<param>.<key>}) and any extra tensors (the trainer's
 *     {@code early_stopping.best.<param>});</li>
 * <li>in {@code __metadata__}: {@code tessera.checkpoint} (format version), the optimizer's scalars
 *     ({@code optim.*}), the schedule's state ({@code schedule.*}), each model generator as
 *     {@code model.rng.<name>} = {@code seed:offset}, and any extra scalars (the trainer's {@code trainer.*}).</li>
 * </ul>
 */
public final class Checkpoint implements AutoCloseable {
    /** Metadata key holding the format version. */
    public static final String FORMAT_KEY = "tessera.checkpoint";
    /** The format version written. */
    public static final String FORMAT_VERSION = "1";
    private static final String[] RESERVED = {Optimizer.PREFIX, "early_stopping."};

    private final SafetensorsContent content;
    private final Path source;

    private Checkpoint(SafetensorsContent content, Path source) {
        this.content = content;
        this.source = source;
    }

    /**
     * Writes a checkpoint of {@code model}, {@code optimizer} and {@code schedule} plus extras to {@code path}.
     * Nothing is modified.
     *
     * @throws IllegalArgumentException when two entries would get the same name
     * @throws IOException              when writing fails (an existing file at {@code path} is then unchanged)
     */
    public static void save(Path path, Module model, Optimizer optimizer, LrSchedule schedule,
                            Map<String, Tensor> extraTensors, Map<String, String> extraMetadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            for (String r : RESERVED) {
                if (e.getKey().startsWith(r)) {
                    throw new IllegalArgumentException("Checkpoint: model key '" + e.getKey() + "' starts with the "
                            + "reserved prefix '" + r + "'; rename the module");
                }
            }
            tensors.put(e.getKey(), e.getValue());
        }
        putAll(tensors, optimizer.stateTensors());
        putAll(tensors, extraTensors);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT_VERSION);
        meta.put("model.class", model.getClass().getName());
        model.namedGenerators().forEach((k, g) -> meta.put("model.rng." + k, g.seed() + ":" + g.offset()));
        putAll(meta, optimizer.stateScalars());
        schedule.state().forEach((k, v) -> meta.put("schedule." + k, v));
        putAll(meta, extraMetadata);
        Safetensors.write(path, tensors, meta);
    }

    private static <V> void putAll(Map<String, V> into, Map<String, V> from) {
        for (Map.Entry<String, V> e : from.entrySet()) {
            if (into.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("Checkpoint: two entries are named '" + e.getKey() + "'");
            }
        }
    }

    /**
     * Reads a checkpoint onto {@code device}. The file must carry its checksum
     * ({@link SafetensorsHeader#CHECKSUM_KEY}, which every checkpoint is written with) and match it, so a damaged
     * byte anywhere in it is an error, never a silently different model.
     *
     * @throws IllegalArgumentException when the file is a safetensors file but not a Tessera checkpoint
     * @throws IOException              when it cannot be read, breaks the format, or has no or a wrong checksum
     */
    public static Checkpoint read(Path path, Device device) throws IOException {
        if (!Safetensors.readHeader(path).metadata().containsKey(SafetensorsHeader.CHECKSUM_KEY)) {
            throw new SafetensorsFormatException("Checkpoint " + path + ": no checksum ("
                    + SafetensorsHeader.CHECKSUM_KEY + " is missing from the metadata): not written by Tessera as a "
                    + "checkpoint, or damaged");
        }
        SafetensorsContent c = Safetensors.read(path, device);
        String version = c.metadata().get(FORMAT_KEY);
        if (!FORMAT_VERSION.equals(version)) {
            c.close();
            throw new IllegalArgumentException("Checkpoint " + path + ": not a Tessera checkpoint of format "
                    + FORMAT_VERSION + " (" + FORMAT_KEY + " is " + version + ")");
        }
        return new Checkpoint(c, path);
    }

    /**
     * Loads the model's parameters, buffers and generators, the optimizer's state and the schedule's state. The
     * checkpoint's tensors are copied. All or nothing: the model's fit and the generator entries are checked first,
     * the schedule and optimizer states are loaded next (the schedule is put back when either fails), and the model
     * is written last, so on an exception model, optimizer and schedule are all as they were.
     *
     * @throws IllegalArgumentException naming the file and the missing or unexpected keys, a shape that differs, or
     *                                  a metadata entry that is missing or malformed
     */
    public void restore(Module model, Optimizer optimizer, LrSchedule schedule) {
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        content.tensors().forEach((k, v) -> {
            if (!isReserved(k)) {
                modelState.put(k, v);
            }
        });
        try {
            model.checkStateDict(modelState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Checkpoint " + source + " does not fit the model: " + e.getMessage(),
                    e);
        }
        Map<String, Generator> generators = new LinkedHashMap<>();
        for (String name : model.namedGenerators().keySet()) {
            generators.put(name, generator("model.rng." + name));
        }
        Map<String, String> scheduleBefore = schedule.state();
        try {
            schedule.loadState(withPrefix(content.metadata(), "schedule."));
        } catch (RuntimeException e) {
            schedule.loadState(scheduleBefore);
            throw new IllegalArgumentException("Checkpoint " + source + ": cannot restore the schedule: "
                    + describe(e), e);
        }
        try {
            optimizer.loadState(content.tensors(), content.metadata());
        } catch (RuntimeException e) {
            schedule.loadState(scheduleBefore);
            throw new IllegalArgumentException("Checkpoint " + source + ": cannot restore the optimizer: "
                    + describe(e), e);
        }
        model.loadStateDict(modelState);
        generators.forEach((name, g) -> model.restoreGenerator(name, g.seed(), g.offset()));
    }

    private static String describe(RuntimeException e) {
        return e instanceof NumberFormatException || e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static boolean isReserved(String key) {
        for (String r : RESERVED) {
            if (key.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /** Every metadata string. */
    public Map<String, String> metadata() {
        return content.metadata();
    }

    /**
     * The metadata string {@code key}.
     *
     * @throws IllegalArgumentException naming the file when it is missing
     */
    public String metadata(String key) {
        String v = content.metadata().get(key);
        if (v == null) {
            throw new IllegalArgumentException("Checkpoint " + source + ": missing metadata '" + key + "'");
        }
        return v;
    }

    /** The tensors whose names start with {@code prefix}, the prefix removed (the checkpoint still owns them). */
    public Map<String, Tensor> tensors(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        content.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The metadata entries whose keys start with {@code prefix}, the prefix removed. */
    public Map<String, String> metadataWithPrefix(String prefix) {
        return withPrefix(content.metadata(), prefix);
    }

    private static Map<String, String> withPrefix(Map<String, String> m, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * The generator stored under metadata {@code key} as {@code seed:offset}.
     *
     * @throws IllegalArgumentException naming the file and key when the entry is missing or malformed
     */
    Generator generator(String key) {
        String v = metadata(key);
        int colon = v.indexOf(':');
        try {
            Generator g = new Generator(Long.parseLong(v.substring(0, colon)));
            g.setOffset(Long.parseLong(v.substring(colon + 1)));
            return g;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Checkpoint " + source + ": metadata '" + key + "' is '" + v
                    + "', expected seed:offset with a non-negative offset that is a multiple of 4", e);
        }
    }

    /** Releases the checkpoint's tensors. */
    @Override
    public void close() {
        content.close();
    }
}
