package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.data.CharVocabulary;

/**
 * Generates text from a {@link LanguageModel}, one symbol at a time. With temperature T > 0 the next symbol is drawn
 * from {@code p_i = exp(l_i / T) / sum_j exp(l_j / T)} over the logits l, by inverting the cumulative distribution at
 * a uniform draw u; the draws are the Philox stream of the seed (the same on every machine), so a seed fixes the text
 * for a given model and device. T = 0 picks the most likely symbol (the first on ties). The unknown symbol is never
 * generated (its probability is set to 0), so the text holds only symbols of the vocabulary.
 */
final class Sampler {
    private Sampler() {
    }

    /**
     * {@code length} symbols following {@code prompt} (when empty, the model is primed with a newline if the
     * vocabulary has one, else with its first symbol; the primer is not part of the result).
     *
     * @param model       the model, in evaluation mode
     * @param vocabulary  its symbols
     * @param prompt      the text to continue; every character must be in the vocabulary
     * @param length      symbols to generate, at least 1
     * @param temperature 0 for greedy, else > 0
     * @param seed        the seed of the draws
     * @return the generated text, without the prompt
     * @throws IllegalArgumentException when length or temperature is out of range, or the prompt has a character
     *                                  outside the vocabulary
     */
    static String sample(LanguageModel model, CharVocabulary vocabulary, String prompt, int length, double temperature,
                         long seed) {
        check(length, temperature);
        int[] primer = prompt.isEmpty() ? new int[]{vocabulary.contains('\n') ? vocabulary.index('\n') : 1}
                : vocabulary.encodeStrict("--prompt", prompt);
        double[] uniforms;
        try (Tensor u = Tensor.uniform(new Generator(seed), 0, 1, Shape.of(length), DType.FLOAT64,
                Device.of("reference"))) {
            uniforms = u.toDoubleArray();
        }
        int[] out = new int[length];
        try (GradMode.Guard g = GradMode.noGrad(); LanguageModel.Context context = model.context()) {
            float[] logits = context.feed(primer);
            for (int i = 0; i < length; i++) {
                out[i] = pick(logits, temperature, uniforms[i]);
                if (i + 1 < length) {
                    logits = context.feed(out[i]);
                }
            }
        }
        return vocabulary.decode(out);
    }

    /**
     * Checks the settings of {@link #sample}.
     *
     * @throws IllegalArgumentException when length is below 1 or temperature is neither 0 nor finite and positive
     */
    static void check(int length, double temperature) {
        if (length < 1) {
            throw new IllegalArgumentException("--length must be >= 1, got " + length);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be 0 (greedy) or a finite number > 0, got "
                    + temperature);
        }
    }

    /** The symbol for {@code logits} at {@code temperature} and the uniform draw {@code u}, never the unknown one. */
    static int pick(float[] logits, double temperature, double u) {
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            if (i != CharVocabulary.UNKNOWN && (best < 0 || logits[i] > logits[best])) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = i == CharVocabulary.UNKNOWN ? 0 : Math.exp((logits[i] - logits[best]) / temperature);
            sum += p[i];
        }
        double target = u * sum;
        double acc = 0;
        int last = best;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                acc += p[i];
                last = i;
                if (target < acc) {
                    return i;
                }
            }
        }
        return last;
    }
}
