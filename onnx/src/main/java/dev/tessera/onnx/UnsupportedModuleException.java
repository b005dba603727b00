package dev.tessera.onnx;

/**
 * Thrown when a module has no translation into the ONNX operator set the exporter targets: the message names the
 * module's type, its path in the model and the opset.
 */
public class UnsupportedModuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure for the module of class {@code type} at {@code path} ({@code ""} for the root).
     *
     * @param type   the module's class
     * @param path   its hierarchical name in the exported model
     * @param reason why it cannot be expressed, e.g. "no translation"
     */
    public UnsupportedModuleException(Class<?> type, String path, String reason) {
        super("ONNX export (opset " + OnnxExporter.OPSET + "): cannot express module " + type.getName()
                + (path.isEmpty() ? "" : " at '" + path + "'") + ": " + reason);
    }
}
