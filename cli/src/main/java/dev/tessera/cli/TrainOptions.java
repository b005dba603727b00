package dev.tessera.cli;

import dev.tessera.data.CsvDataset;
import dev.tessera.train.Precision;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Everything that defines a training run (data, model, loss, optimizer, schedule, loop), shared by {@code train},
 * {@code lr-find} and {@code search}. The defaults make {@code tessera train} on the embedded digits reach a test
 * accuracy of about 0.98 in seconds. {@link #set} assigns an option by name from text (the keys of
 * {@link #toMap()}, the names of the options without dashes), so a configuration file or a search trial can
 * override any of them.
 */
final class TrainOptions {
    @Option(names = "--dataset", defaultValue = "digits", paramLabel = "DATA",
            description = "digits, fashion-mnist[:DIR], idx:DIR or csv:FILE (default: ${DEFAULT-VALUE})")
    String dataset = "digits";

    @Option(names = "--nan-policy", defaultValue = "error", paramLabel = "POLICY",
            description = "a CSV row holding NaN, an infinity or a value beyond the FLOAT32 range: error (name its "
                    + "row and column) or drop (leave the row out, with a warning) (default: ${DEFAULT-VALUE})")
    String nanPolicy = "error";

    @Option(names = "--normalize", defaultValue = "z-score", paramLabel = "KIND",
            description = "feature normalization fitted on the training part: none, z-score, min-max or "
                    + "min-max-symmetric (default: ${DEFAULT-VALUE})")
    String normalize = "z-score";

    @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "fraction of the training part held out for validation, in [0, 1) (default: "
                    + "${DEFAULT-VALUE})")
    double valFraction = 0.1;

    @Option(names = "--augment", defaultValue = "none", paramLabel = "LIST",
            description = "random changes of the training images: none, or flip (left-right, half of them) and/or "
                    + "crop=P (pad P zeros, crop back at a random offset), e.g. flip,crop=2; cnn models only "
                    + "(default: ${DEFAULT-VALUE})")
    String augment = "none";

    @Option(names = "--model", defaultValue = "mlp:128,64", paramLabel = "SPEC",
            description = "mlp:H1,H2,... hidden layer widths (mlp: alone is softmax regression), or "
                    + "cnn:C1,C2,...[:fc=F] conv3x3-activation-maxpool2 blocks of those channels, then a hidden linear "
                    + "layer of F units (default 128, 0 for none), on image data (default: ${DEFAULT-VALUE})")
    String model = "mlp:128,64";

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
            description = "relu, leaky-relu, elu, gelu, gelu-tanh, tanh, sigmoid, silu, swish (learnable beta), mish "
                    + "or prelu (default: ${DEFAULT-VALUE})")
    String activation = "relu";

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "P",
            description = "dropout after each hidden layer (of a cnn: after its hidden linear layer), in [0, 1) "
                    + "(default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--batchnorm", description = "batch normalization after each hidden linear layer (and each "
            + "convolution of a cnn)")
    boolean batchnorm;

    @Option(names = "--residual", description = "a residual connection around each hidden layer of an mlp "
            + "(projected when the width changes)")
    boolean residual;

    @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "NAME",
            description = "cross-entropy, squared-emd (ordered classes) or mse (on one-hot targets) (default: "
                    + "${DEFAULT-VALUE})")
    String loss = "cross-entropy";

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "EPS",
            description = "label smoothing of the cross-entropy, in [0, 1] (default: ${DEFAULT-VALUE})")
    double labelSmoothing;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw (default: ${DEFAULT-VALUE})")
    String optimizer = "adam";

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE",
            description = "learning rate, > 0 (the peak rate of onecycle and cyclic) (default: ${DEFAULT-VALUE})")
    double lr = 1e-3;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M",
            description = "momentum of the momentum and nesterov optimizers, in [0, 1) (default: ${DEFAULT-VALUE})")
    double momentum = 0.9;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "weight decay, >= 0: decoupled for adamw (default 0.01, not on biases and norm "
                    + "parameters), added to the gradient otherwise (default 0)")
    Double weightDecay;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "C",
            description = "L1 penalty C * sum |w| on the weight matrices, added to the loss (default: ${DEFAULT-VALUE})")
    double l1;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "C",
            description = "L2 penalty C * sum w^2 on the weight matrices, added to the loss (default: ${DEFAULT-VALUE})")
    double l2;

    @Option(names = "--schedule", defaultValue = "none", paramLabel = "NAME",
            description = "none, step, exponential, cosine, newbob, plateau, onecycle or cyclic (default: "
                    + "${DEFAULT-VALUE})")
    String schedule = "none";

    @Option(names = "--step-size", paramLabel = "EPOCHS",
            description = "epochs between decays of the step schedule (default: a third of the epochs)")
    Integer stepSize;

    @Option(names = "--gamma", paramLabel = "G",
            description = "decay factor: per decay for step (default 0.1) and plateau (0.1), per epoch for "
                    + "exponential (0.9), per halving for newbob (0.5)")
    Double gamma;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "STEPS",
            description = "linear warm-up over this many optimizer steps before the schedule (default: "
                    + "${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--clip-norm", paramLabel = "N", description = "clip gradients to this global L2 norm, > 0")
    Double clipNorm;

    @Option(names = "--accumulate", defaultValue = "1", paramLabel = "K",
            description = "accumulate gradients over K mini-batches per optimizer step (default: ${DEFAULT-VALUE})")
    int accumulate = 1;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N",
            description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs = 30;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B",
            description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize = 32;

    @Option(names = "--drop-last", description = "leave out the last mini-batch of an epoch when it is smaller than "
            + "--batch-size (batch norm cannot train on a batch of one)")
    boolean dropLast;

    @Option(names = "--early-stopping", defaultValue = "0", paramLabel = "N",
            description = "stop after N epochs without a lower validation loss and keep the best weights (default: "
                    + "0 = off)")
    int earlyStopping;

    @Option(names = "--seed", defaultValue = "0",
            description = "seed of initialization, dropout, validation split and batch order (default: "
                    + "${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--deterministic", description = "fixed reduction order on every backend: the same seed gives the "
            + "same bits, and --resume continues bit for bit (somewhat slower)")
    boolean deterministic;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "MODE",
            description = "fp32; bf16 or fp16 autocast (matrix products and convolutions in 16 bits, losses and "
                    + "reductions in FP32, FP32 weights; fp16 with dynamic loss scaling); tf32 (TF32 matrix products "
                    + "on CUDA, the same as fp32 on the CPU) (default: ${DEFAULT-VALUE})")
    String precision = "fp32";

    /**
     * Checks every value against its accepted range.
     *
     * @throws IllegalArgumentException naming the first option out of range, its value and the range
     */
    void validate() {
        DataSpec.parse(dataset);
        nanPolicy();
        precision();
        Normalization.parse(normalize);
        Augmentation.parse(augment);
        Activations.check(activation);
        Checks.inHalfOpen("--val-fraction", valFraction, 0, 1);
        Checks.inHalfOpen("--dropout", dropout, 0, 1);
        ModelSpec.parse(model).checkOptions(this);
        Losses.check(this);
        Checks.inClosed("--label-smoothing", labelSmoothing, 0, 1);
        Optimizers.check(optimizer);
        Checks.positive("--lr", lr);
        Checks.inHalfOpen("--momentum", momentum, 0, 1);
        if (weightDecay != null) {
            Checks.nonNegative("--weight-decay", weightDecay);
        }
        Checks.nonNegative("--l1", l1);
        Checks.nonNegative("--l2", l2);
        Schedules.check(this);
        Checks.atLeast("--warmup", warmup, 0);
        if (clipNorm != null) {
            Checks.positive("--clip-norm", clipNorm);
        }
        Checks.atLeast("--accumulate", accumulate, 1);
        Checks.atLeast("--epochs", epochs, 1);
        Checks.atLeast("--batch-size", batchSize, 1);
        Checks.atLeast("--early-stopping", earlyStopping, 0);
        if (earlyStopping > 0 && valFraction == 0) {
            throw new IllegalArgumentException("--early-stopping watches the validation loss: it needs "
                    + "--val-fraction > 0");
        }
    }

    /**
     * The {@code --precision} value.
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    Precision precision() {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    /**
     * The {@code --nan-policy} value.
     *
     * @throws IllegalArgumentException for a value other than error or drop
     */
    CsvDataset.NanPolicy nanPolicy() {
        return switch (nanPolicy.trim().toLowerCase(Locale.ROOT)) {
            case "error" -> CsvDataset.NanPolicy.ERROR;
            case "drop" -> CsvDataset.NanPolicy.DROP;
            default -> throw new IllegalArgumentException("--nan-policy: unknown policy '" + nanPolicy
                    + "' (expected error or drop)");
        };
    }

    /** Every option by name (without dashes), unset optional values as null; the configuration file's content. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("nan-policy", nanPolicy);
        m.put("normalize", normalize);
        m.put("val-fraction", valFraction);
        m.put("augment", augment);
        m.put("model", model);
        m.put("activation", activation);
        m.put("dropout", dropout);
        m.put("batchnorm", batchnorm);
        m.put("residual", residual);
        m.put("loss", loss);
        m.put("label-smoothing", labelSmoothing);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("weight-decay", weightDecay);
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("schedule", schedule);
        m.put("step-size", stepSize);
        m.put("gamma", gamma);
        m.put("warmup", warmup);
        m.put("clip-norm", clipNorm);
        m.put("accumulate", accumulate);
        m.put("epochs", epochs);
        m.put("batch-size", batchSize);
        m.put("drop-last", dropLast);
        m.put("early-stopping", earlyStopping);
        m.put("seed", seed);
        m.put("deterministic", deterministic);
        m.put("precision", precision);
        return m;
    }

    /** A copy with the same values. */
    TrainOptions copy() {
        TrainOptions o = new TrainOptions();
        toMap().forEach((k, v) -> o.set(k, v == null ? null : String.valueOf(v)));
        return o;
    }

    /**
     * Sets the option {@code name} (a key of {@link #toMap()}) from {@code text} (null unsets an optional value).
     *
     * @throws IllegalArgumentException for an unknown name or a value that does not parse
     */
    void set(String name, String text) {
        try {
            switch (name) {
                case "dataset" -> dataset = text;
                case "nan-policy" -> nanPolicy = text;
                case "normalize" -> normalize = text;
                case "val-fraction" -> valFraction = Double.parseDouble(text);
                case "augment" -> augment = text;
                case "model" -> model = text;
                case "activation" -> activation = text;
                case "dropout" -> dropout = Double.parseDouble(text);
                case "batchnorm" -> batchnorm = parseBoolean(text);
                case "residual" -> residual = parseBoolean(text);
                case "loss" -> loss = text;
                case "label-smoothing" -> labelSmoothing = Double.parseDouble(text);
                case "optimizer" -> optimizer = text;
                case "lr" -> lr = Double.parseDouble(text);
                case "momentum" -> momentum = Double.parseDouble(text);
                case "weight-decay" -> weightDecay = text == null ? null : Double.valueOf(text);
                case "l1" -> l1 = Double.parseDouble(text);
                case "l2" -> l2 = Double.parseDouble(text);
                case "schedule" -> schedule = text;
                case "step-size" -> stepSize = text == null ? null : Integer.valueOf(integral(text));
                case "gamma" -> gamma = text == null ? null : Double.valueOf(text);
                case "warmup" -> warmup = Integer.parseInt(integral(text));
                case "clip-norm" -> clipNorm = text == null ? null : Double.valueOf(text);
                case "accumulate" -> accumulate = Integer.parseInt(integral(text));
                case "epochs" -> epochs = Integer.parseInt(integral(text));
                case "batch-size" -> batchSize = Integer.parseInt(integral(text));
                case "drop-last" -> dropLast = parseBoolean(text);
                case "early-stopping" -> earlyStopping = Integer.parseInt(integral(text));
                case "seed" -> seed = Long.parseLong(integral(text));
                case "deterministic" -> deterministic = parseBoolean(text);
                case "precision" -> precision = text;
                default -> throw new IllegalArgumentException("unknown training option '" + name + "' (known: "
                        + String.join(", ", toMap().keySet()) + ")");
            }
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--" + name + ": '" + text + "' is not a valid value", e);
        }
    }

    /** "64.0" as "64", so integer options accept the doubles a search or JSON produces for whole numbers. */
    private static String integral(String text) {
        String t = text.trim();
        if (t.endsWith(".0")) {
            return t.substring(0, t.length() - 2);
        }
        return t;
    }

    private static boolean parseBoolean(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new NumberFormatException("not a boolean: " + text);
        }
        return Boolean.parseBoolean(t);
    }
}
