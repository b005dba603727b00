package dev.tessera.cli;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Sizes;
import dev.tessera.Tensor;
import dev.tessera.data.Normalizer;
import dev.tessera.onnx.InputScaling;
import dev.tessera.onnx.OnnxExporter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera export}: writes the model of a {@code tessera train} output folder as an ONNX model (opset
 * {@value OnnxExporter#OPSET}) that takes raw features {@code [N, ...input shape]} as {@code input} ({@code [N, F]}
 * for an MLP, images {@code [N, C, H, W]} for a CNN): the run's normalizer is its first two nodes
 * ({@code x * scale + shift} per feature), then the network, whose logits are
 * {@code output} {@code [N, classes]}. The model's metadata holds the class names ({@code tessera.labels}, the
 * JSON of {@value LabelMap#FILE}) and the {@code --model} spec ({@code tessera.model}).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false, description = {"Export a trained "
        + "model (with its normalizer) for other runtimes.",
    "Example: tessera export --model runs/train --format onnx"})
final class ExportCommand extends IoCommand {
    @Mixin
    TrainedRun model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx",
            description = "output format: onnx (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "file to write (default: DIR/model.onnx)")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!format.trim().toLowerCase(Locale.ROOT).equals("onnx")) {
            throw new IllegalArgumentException("--format: unknown format '" + format + "' (expected onnx)");
        }
        ModelFiles.Saved saved = ModelFiles.load(model.dir, Device.cpu());
        Path file = output != null ? output : model.dir.resolve("model.onnx");
        try {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("tessera.model", saved.options().model);
            metadata.put("tessera.labels", saved.labels().toJson());
            int[] input = saved.inputShape().dims();
            InputScaling scaling = saved.normalizer() == null ? null : scaling(saved.normalizer(), input);
            OnnxExporter.write(OnnxExporter.toModel(saved.model(), scaling, metadata, input), file);
        } finally {
            saved.model().close();
        }
        String shape = Arrays.toString(saved.inputShape().dims()).substring(1);
        io.out().printf(Locale.ROOT, "wrote %s: ONNX opset %d, input '%s' [N, %s raw features%s, output '%s' "
                        + "[N, %d] logits of classes %s%n", file, OnnxExporter.OPSET, OnnxExporter.INPUT, shape,
                saved.normalizer() == null ? "" : " (" + saved.normalizer().kind().id()
                        + " normalizer included)", OnnxExporter.OUTPUT, saved.classes(), saved.labels().names());
        return 0;
    }

    /**
     * The normalizer as {@code x * scale + shift} for inputs {@code [N, ...input]}: it is affine per feature, so
     * {@code shift = n(0)} and {@code scale = n(1) - n(0)}, evaluated in FLOAT64 (row-major over {@code input}).
     */
    static InputScaling scaling(Normalizer n, int[] input) {
        try (Scope s = Scope.open()) {
            int[] dims = new int[input.length + 1];
            dims[0] = 1;
            System.arraycopy(input, 0, dims, 1, input.length);
            Shape one = Shape.of(dims);
            int features = Sizes.arrayLength("export", one.numel());
            double[] at0 = n.transform(Tensor.zeros(one, DType.FLOAT64, Device.cpu())).toDoubleArray();
            double[] at1 = n.transform(Tensor.ones(one, DType.FLOAT64, Device.cpu())).toDoubleArray();
            float[] scale = new float[features];
            float[] shift = new float[features];
            for (int i = 0; i < features; i++) {
                scale[i] = (float) (at1[i] - at0[i]);
                shift[i] = (float) at0[i];
            }
            return new InputScaling(scale, shift);
        }
    }
}
