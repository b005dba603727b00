package dev.tessera.data;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.nn.Require;
import java.util.Arrays;

/**
 * A text cut into windows for a character-level language model.
 *
 * <h2>Split</h2>
 * The text's code points {@code c[0..n)} are split by position: the first {@code n - round(f n)} form the training
 * part, the last {@code round(f n)} the validation part (f the validation fraction). Splitting by position, not by
 * random windows, keeps every validation character out of every training window. The {@link CharVocabulary} is built
 * from the training part only; a validation character it lacks is encoded as {@link CharVocabulary#UNKNOWN}.
 *
 * <h2>Windows</h2>
 * The window starting at t of a part holds the input {@code x = c[t, t+L)} and the target
 * {@code y = c[t+1, t+L+1)} (the next character at every position), L the sequence length; so a part of m characters
 * has windows at {@code t = 0..m-L-1}. Training draws windows at random starts ({@link #trainStarts}); validation
 * uses the non-overlapping windows at {@code t = 0, L, 2L, ...} ({@link #validationWindows()} of them), so the
 * validation loss is the mean over the same {@code L * validationWindows()} predicted characters on every run.
 * Batches are INT32 tensors {@code [B, L]} of symbol indices, inputs and targets alike.
 */
public final class CharTextDataset {
    private final CharVocabulary vocabulary;
    private final int[] train;
    private final int[] validation;
    private final int seqLength;

    private CharTextDataset(CharVocabulary vocabulary, int[] train, int[] validation, int seqLength) {
        this.vocabulary = vocabulary;
        this.train = train;
        this.validation = validation;
        this.seqLength = seqLength;
    }

    /**
     * Splits {@code text} into a training and a validation part and builds the vocabulary of the training part.
     *
     * @param text               the corpus
     * @param validationFraction the fraction f in {@code (0, 1)} of characters, at the end, kept for validation
     * @param seqLength          the window length L, at least 1
     * @throws IllegalArgumentException when f or L is out of range, or a part is too short for one window of
     *                                  {@code L + 1} characters
     */
    public static CharTextDataset split(String text, double validationFraction, int seqLength) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("CharTextDataset: the validation fraction must be in (0, 1), got "
                    + validationFraction);
        }
        if (seqLength < 1) {
            throw new IllegalArgumentException("CharTextDataset: the sequence length must be >= 1, got " + seqLength);
        }
        int[] cps = text.codePoints().toArray();
        int n = cps.length;
        int valSize = (int) Math.round(validationFraction * n);
        int trainSize = n - valSize;
        if (trainSize < seqLength + 1 || valSize < seqLength + 1) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "CharTextDataset: a text of %d "
                    + "characters split %d training / %d validation (fraction %s) is too short for windows of %d "
                    + "characters (sequence length %d + 1 for the targets) in both parts", n, trainSize, valSize,
                    validationFraction, seqLength + 1, seqLength));
        }
        int[] trainPart = Arrays.copyOfRange(cps, 0, trainSize);
        CharVocabulary vocabulary = CharVocabulary.of(trainPart);
        return new CharTextDataset(vocabulary, vocabulary.encode(trainPart),
                vocabulary.encode(Arrays.copyOfRange(cps, trainSize, n)), seqLength);
    }

    /** The vocabulary of the training part. */
    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /** The window length L. */
    public int seqLength() {
        return seqLength;
    }

    /** Characters in the training part. */
    public int trainSize() {
        return train.length;
    }

    /** Characters in the validation part. */
    public int validationSize() {
        return validation.length;
    }

    /** The training part as symbol indices (a copy). */
    public int[] trainIds() {
        return train.clone();
    }

    /** The validation part as symbol indices, unknown characters as {@link CharVocabulary#UNKNOWN} (a copy). */
    public int[] validationIds() {
        return validation.clone();
    }

    /** Distinct training windows: {@code trainSize - L}. */
    public int trainWindows() {
        return train.length - seqLength;
    }

    /** Non-overlapping validation windows: {@code floor((validationSize - 1) / L)}. */
    public int validationWindows() {
        return (validation.length - 1) / seqLength;
    }

    /**
     * {@code count} random training window starts for round {@code round} of a run seeded {@code seed}: the first
     * {@code count} entries of the permutation of all {@link #trainWindows()} starts drawn by
     * {@link Shuffle#permutation}{@code (trainWindows, seed, round + 1)}, so no window repeats within a round unless
     * the round asks for more windows than exist (then the permutation is read again from its start).
     *
     * @throws IllegalArgumentException when count is negative or round is outside {@code [0, 2^27 - 1)}
     */
    public int[] trainStarts(long seed, int round, int count) {
        Require.atLeast("CharTextDataset.trainStarts", "count", count, 0);
        int[] p = Shuffle.permutation(trainWindows(), seed, round + 1L);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = p[i % p.length];
        }
        return out;
    }

    /**
     * The training windows at {@code starts} as a batch {@code [starts.length, L]} on {@code device}.
     *
     * @throws IllegalArgumentException when a start is outside {@code [0, trainWindows)}
     */
    public Batch trainBatch(int[] starts, Device device) {
        return windows(train, "training", starts, device);
    }

    /**
     * Validation windows {@code first .. first+count-1} (window i starts at {@code i L}) as a batch
     * {@code [count, L]} on {@code device}.
     *
     * @throws IllegalArgumentException when the range is not inside {@code [0, validationWindows)}
     */
    public Batch validationBatch(int first, int count, Device device) {
        if (first < 0 || count < 1 || first + count > validationWindows()) {
            throw new IllegalArgumentException("CharTextDataset: validation windows [" + first + ", " + (first + count)
                    + ") are not inside [0, " + validationWindows() + ")");
        }
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = (first + i) * seqLength;
        }
        return windows(validation, "validation", starts, device);
    }

    private Batch windows(int[] part, String name, int[] starts, Device device) {
        int b = starts.length;
        int[] x = new int[b * seqLength];
        int[] y = new int[b * seqLength];
        for (int i = 0; i < b; i++) {
            int t = starts[i];
            if (t < 0 || t + seqLength >= part.length) {
                throw new IllegalArgumentException("CharTextDataset: " + name + " window start " + t
                        + " is outside [0, " + (part.length - seqLength) + ")");
            }
            System.arraycopy(part, t, x, i * seqLength, seqLength);
            System.arraycopy(part, t + 1, y, i * seqLength, seqLength);
        }
        return new Batch(Tensor.of(device, x, b, seqLength), Tensor.of(device, y, b, seqLength));
    }
}
