package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.attribute;
import static dev.tessera.onnx.GraphBuilder.child;

import dev.tessera.backend.UnaryOp;
import java.util.List;

/**
 * The opset-17 nodes computing each elementwise primitive {@code y = op(x; alpha)} of {@link UnaryOp} (the
 * definitions there). Primitives with an ONNX operator of the same meaning map to it (Relu, LeakyRelu with
 * {@code alpha}, Elu with {@code alpha}, Sigmoid, Tanh, Softplus, ...); the others are composed:
 * <ul>
 * <li>GELU: {@code 0.5 x (1 + Erf(x / sqrt 2))} (ONNX has Gelu only from opset 20);</li>
 * <li>GELU, tanh form: {@code 0.5 x (1 + Tanh(sqrt(2/pi) (x + 0.044715 x^3)))};</li>
 * <li>SiLU with beta {@code alpha}: {@code x Sigmoid(alpha x)};</li>
 * <li>Mish: {@code x Tanh(Softplus(x))} (ONNX has Mish only from opset 18);</li>
 * <li>rsqrt: {@code Reciprocal(Sqrt(x))};</li>
 * <li>log1p: {@code Log(x + 1)}; expm1: {@code Exp(x) - 1}; logsigmoid: {@code -Softplus(-x)};</li>
 * <li>softplus with threshold t: {@code Where(x > t, x, Softplus(x))} (ONNX's Softplus has no threshold).</li>
 * </ul>
 */
final class ActivationNodes {
    private ActivationNodes() {
    }

    /** Appends the nodes of {@code op(x; alpha)} to {@code g}; returns the output's name. */
    static String emit(GraphBuilder g, String path, UnaryOp op, double alpha, String x) {
        return switch (op) {
            case NEG -> unary(g, path, "Neg", x);
            case EXP -> unary(g, path, "Exp", x);
            case LOG -> unary(g, path, "Log", x);
            case SQRT -> unary(g, path, "Sqrt", x);
            case RSQRT -> unary(g, path, "Reciprocal", unary(g, path, "Sqrt", x));
            case ABS -> unary(g, path, "Abs", x);
            case SIGN -> unary(g, path, "Sign", x);
            case RECIPROCAL -> unary(g, path, "Reciprocal", x);
            case SIGMOID -> unary(g, path, "Sigmoid", x);
            case TANH -> unary(g, path, "Tanh", x);
            case RELU -> unary(g, path, "Relu", x);
            case LEAKY_RELU -> g.node("LeakyRelu", path, List.of(x), attribute("alpha", alpha));
            case ELU -> g.node("Elu", path, List.of(x), attribute("alpha", alpha));
            case SOFTPLUS -> {
                String above = g.node("Greater", path, List.of(x, g.scalar(child(path, "threshold"), alpha)));
                yield g.node("Where", path, List.of(above, x, unary(g, path, "Softplus", x)));
            }
            case GELU -> {
                String invSqrt2 = g.scalar(child(path, "inv_sqrt2"), 1 / Math.sqrt(2));
                String erf = unary(g, path, "Erf", mul(g, path, x, invSqrt2));
                yield halfTimesOnePlus(g, path, x, erf);
            }
            case GELU_TANH -> {
                String cube = mul(g, path, mul(g, path, x, x), x);
                String c = g.scalar(child(path, "c"), 0.044715);
                String inner = g.node("Add", path, List.of(x, mul(g, path, cube, c)));
                String k = g.scalar(child(path, "k"), Math.sqrt(2 / Math.PI));
                String t = unary(g, path, "Tanh", mul(g, path, inner, k));
                yield halfTimesOnePlus(g, path, x, t);
            }
            case SILU -> swish(g, path, x, alpha == 1.0 ? null : g.scalar(child(path, "beta"), alpha));
            case MISH -> mul(g, path, x, unary(g, path, "Tanh", unary(g, path, "Softplus", x)));
            case SIN -> unary(g, path, "Sin", x);
            case COS -> unary(g, path, "Cos", x);
            case LOG1P -> unary(g, path, "Log", g.node("Add", path, List.of(x, g.scalar(child(path, "one"), 1))));
            case EXPM1 -> g.node("Sub", path, List.of(unary(g, path, "Exp", x), g.scalar(child(path, "one"), 1)));
            case HARDSWISH -> unary(g, path, "HardSwish", x);
            case HARDSIGMOID -> g.node("HardSigmoid", path, List.of(x), attribute("alpha", 1.0 / 6),
                    attribute("beta", 0.5));
            case LOGSIGMOID -> unary(g, path, "Neg", unary(g, path, "Softplus", unary(g, path, "Neg", x)));
        };
    }

    /** {@code x Sigmoid(beta x)}, {@code beta} the name of a value or null for beta = 1. */
    static String swish(GraphBuilder g, String path, String x, String beta) {
        String s = unary(g, path, "Sigmoid", beta == null ? x : mul(g, path, x, beta));
        return mul(g, path, x, s);
    }

    /** {@code 0.5 x (1 + t)}. */
    private static String halfTimesOnePlus(GraphBuilder g, String path, String x, String t) {
        String onePlus = g.node("Add", path, List.of(t, g.scalar(child(path, "one"), 1)));
        return mul(g, path, mul(g, path, x, onePlus), g.scalar(child(path, "half"), 0.5));
    }

    private static String unary(GraphBuilder g, String path, String op, String x) {
        return g.node(op, path, List.of(x));
    }

    private static String mul(GraphBuilder g, String path, String a, String b) {
        return g.node("Mul", path, List.of(a, b));
    }
}
