package dev.tessera.conformance;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.UnaryOp;
import dev.tessera.random.FisherYates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A random straight-line program of tensor ops for property-based testing. Nodes are created in order: an input
 * (random shape with broadcast, empty or scalar axes, random values) or a step over earlier nodes (unary with
 * domain guards, broadcasting binary, reductions, softmax, views, matmul, where, concat). The program runs on any
 * device, and can shrink itself and print itself as Java code.
 */
final class FuzzProgram {
    /** What a step computes. */
    enum Kind { UNARY, BINARY, SUM, MAX, MIN, MEAN, SOFTMAX, LOG_SOFTMAX, PERMUTE, SLICE, UNSQUEEZE, MATMUL_T, WHERE,
        CONCAT }

    /**
     * One node: an input ({@code kind == null}: shape and values) or a step ({@code uses} = earlier node indices,
     * {@code ints} = axes and bounds, {@code unary}/{@code binary} = the op).
     */
    record Node(Kind kind, int[] uses, int[] ints, UnaryOp unary, BinaryOp binary, int[] shape, double[] values) {
        static Node input(int[] shape, double[] values) {
            return new Node(null, new int[0], new int[0], null, null, shape, values);
        }

        static Node step(Kind kind, int[] uses, int... ints) {
            return new Node(kind, uses, ints, null, null, null, null);
        }

        boolean isInput() {
            return kind == null;
        }

        Node withUses(int[] newUses) {
            return new Node(kind, newUses, ints, unary, binary, shape, values);
        }
    }

    final List<Node> nodes;

    FuzzProgram(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    // ====================================================================== generation

    static FuzzProgram random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Node> nodes = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        addInput(r, randomShape(r), nodes, shapes);
        int steps = 2 + r.nextInt(8);
        int made = 0;
        int attempts = 0;
        while (made < steps && attempts++ < 200) {
            int a = r.nextInt(3) == 0 ? r.nextInt(nodes.size()) : nodes.size() - 1;
            int before = nodes.size();
            Node step = randomStep(r, a, shapes.get(a), nodes, shapes);
            if (step == null) {
                truncate(nodes, shapes, before);
                continue;
            }
            int[] shape = shapeOf(step, shapes);
            if (shape == null) {
                truncate(nodes, shapes, before);
                continue;
            }
            nodes.add(step);
            shapes.add(shape);
            made++;
        }
        return new FuzzProgram(nodes);
    }

    private static void truncate(List<Node> nodes, List<int[]> shapes, int size) {
        while (nodes.size() > size) {
            nodes.remove(nodes.size() - 1);
            shapes.remove(shapes.size() - 1);
        }
    }

    /** The output shape of {@code step} over values of {@code shapes}, or null if it is not valid there. */
    private static int[] shapeOf(Node step, List<int[]> shapes) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor[] probes = new Tensor[shapes.size()];
            for (int i = 0; i < probes.length; i++) {
                probes[i] = Tensor.zeros(Shape.of(shapes.get(i)), DType.FLOAT64, Device.of("reference"));
            }
            return apply(step, probes).shape().dims();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int[] randomShape(SplittableRandom r) {
        int rank = r.nextInt(4);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            int pick = r.nextInt(12);
            s[i] = pick == 0 ? 0 : pick < 3 ? 1 : 2 + r.nextInt(5);
        }
        return s;
    }

    private static int addInput(SplittableRandom r, int[] shape, List<Node> nodes, List<int[]> shapes) {
        nodes.add(Node.input(shape, ConformanceData.values(Shape.of(shape).numel(), ConformanceData.Domain.ANY,
                r.nextLong())));
        shapes.add(shape);
        return nodes.size() - 1;
    }

    /** A shape that broadcasts with {@code s}: some axes set to 1, maybe leading axes dropped. */
    private static int[] broadcastPartner(SplittableRandom r, int[] s) {
        int drop = s.length == 0 ? 0 : r.nextInt(s.length + 1);
        int[] out = Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < out.length; i++) {
            if (r.nextInt(3) == 0) {
                out[i] = 1;
            }
        }
        return out;
    }

    private static Node randomStep(SplittableRandom r, int a, int[] sa, List<Node> nodes, List<int[]> shapes) {
        int rank = sa.length;
        int pick = r.nextInt(13);
        if (pick <= 2) {
            UnaryOp op = UnaryOp.values()[r.nextInt(UnaryOp.values().length)];
            return new Node(Kind.UNARY, new int[]{a}, new int[0], op, null, null, null);
        }
        if (pick <= 5) {
            BinaryOp op = BinaryOp.values()[r.nextInt(BinaryOp.MINIMUM.ordinal() + 1)];
            int b = addInput(r, broadcastPartner(r, sa), nodes, shapes);
            int[] uses = r.nextBoolean() ? new int[]{a, b} : new int[]{b, a};
            return new Node(Kind.BINARY, uses, new int[0], null, op, null, null);
        }
        if (pick == 12) {
            int b = addInput(r, broadcastPartner(r, sa), nodes, shapes);
            return Node.step(Kind.WHERE, new int[]{a, b});
        }
        if (rank == 0) {
            return null;
        }
        int axis = r.nextInt(rank);
        return switch (pick) {
            case 6 -> Node.step(new Kind[]{Kind.SUM, Kind.MAX, Kind.MIN, Kind.MEAN}[r.nextInt(4)], new int[]{a}, axis,
                    r.nextInt(2));
            case 7 -> Node.step(r.nextBoolean() ? Kind.SOFTMAX : Kind.LOG_SOFTMAX, new int[]{a}, axis);
            case 8 -> Node.step(Kind.PERMUTE, new int[]{a}, FisherYates.permutation(rank, r::nextInt));
            case 9 -> {
                int n = sa[axis];
                yield Node.step(Kind.SLICE, new int[]{a}, axis, n == 0 ? 0 : r.nextInt(n), n, 1 + r.nextInt(2));
            }
            case 10 -> rank >= 2 ? Node.step(Kind.MATMUL_T, new int[]{a})
                    : Node.step(Kind.UNSQUEEZE, new int[]{a}, r.nextInt(rank + 1));
            default -> Node.step(Kind.CONCAT, new int[]{a}, axis);
        };
    }

    // ====================================================================== semantics

    private static double alphaOf(UnaryOp op) {
        return op == UnaryOp.LEAKY_RELU ? 0.1 : op == UnaryOp.ELU ? 1.0 : op == UnaryOp.SILU ? 1.5
                : op == UnaryOp.SOFTPLUS ? 20.0 : 0;
    }

    /** Computes one step on the values computed so far. */
    static Tensor apply(Node n, Tensor[] v) {
        Tensor x = v[n.uses()[0]];
        int[] k = n.ints();
        return switch (n.kind()) {
            case UNARY -> switch (n.unary()) {
                case LOG, SQRT, RSQRT, RECIPROCAL, LOG1P -> x.abs().add(0.5).apply(n.unary(), 0);
                case EXP -> x.tanh().exp();
                case EXPM1 -> x.tanh().expm1();
                default -> x.apply(n.unary(), alphaOf(n.unary()));
            };
            case BINARY -> {
                Tensor y = v[n.uses()[1]];
                yield switch (n.binary()) {
                    case ADD -> x.add(y);
                    case SUB -> x.sub(y);
                    case MUL -> x.mul(y);
                    case DIV -> x.div(y.abs().add(0.5));
                    case POW -> x.abs().add(0.5).pow(y.tanh());
                    case MAXIMUM -> x.maximum(y);
                    case MINIMUM -> x.minimum(y);
                    default -> throw new IllegalArgumentException(n.binary().toString());
                };
            }
            case SUM -> x.sum(new int[]{k[0]}, k[1] == 1);
            case MAX -> x.max(new int[]{k[0]}, k[1] == 1);
            case MIN -> x.min(new int[]{k[0]}, k[1] == 1);
            case MEAN -> x.mean(new int[]{k[0]}, k[1] == 1);
            case SOFTMAX -> x.softmax(k[0]);
            case LOG_SOFTMAX -> x.logSoftmax(k[0]);
            case PERMUTE -> x.permute(k);
            case SLICE -> x.slice(k[0], k[1], k[2], k[3]);
            case UNSQUEEZE -> x.unsqueeze(k[0]);
            case MATMUL_T -> x.matmul(x.transpose(-1, -2)).tanh();
            case WHERE -> Tensor.where(x.gt(0.3), x, v[n.uses()[1]]);
            case CONCAT -> Tensor.concat(k[0], x, x.mul(0.5));
        };
    }

    /** One step as Java code over named values. */
    private static String code(Node n, String[] names) {
        String x = names[n.uses()[0]];
        String y = n.uses().length > 1 ? names[n.uses()[1]] : null;
        int[] k = n.ints();
        return switch (n.kind()) {
            case UNARY -> switch (n.unary()) {
                case LOG, SQRT, RSQRT, RECIPROCAL, LOG1P -> x + ".abs().add(0.5).apply(UnaryOp." + n.unary() + ", 0)";
                case EXP -> x + ".tanh().exp()";
                case EXPM1 -> x + ".tanh().expm1()";
                default -> x + ".apply(UnaryOp." + n.unary() + ", " + alphaOf(n.unary()) + ")";
            };
            case BINARY -> switch (n.binary()) {
                case DIV -> x + ".div(" + y + ".abs().add(0.5))";
                case POW -> x + ".abs().add(0.5).pow(" + y + ".tanh())";
                default -> x + "." + n.binary().name().toLowerCase(Locale.ROOT) + "(" + y + ")";
            };
            case SUM, MAX, MIN, MEAN -> x + "." + n.kind().name().toLowerCase(Locale.ROOT) + "(new int[]{" + k[0]
                    + "}, " + (k[1] == 1) + ")";
            case SOFTMAX -> x + ".softmax(" + k[0] + ")";
            case LOG_SOFTMAX -> x + ".logSoftmax(" + k[0] + ")";
            case PERMUTE -> x + ".permute(" + list(k) + ")";
            case SLICE -> x + ".slice(" + list(k) + ")";
            case UNSQUEEZE -> x + ".unsqueeze(" + k[0] + ")";
            case MATMUL_T -> x + ".matmul(" + x + ".transpose(-1, -2)).tanh()";
            case WHERE -> "Tensor.where(" + x + ".gt(0.3), " + x + ", " + y + ")";
            case CONCAT -> "Tensor.concat(" + k[0] + ", " + x + ", " + x + ".mul(0.5))";
        };
    }

    private static String list(int[] a) {
        return Arrays.toString(a).replaceAll("[\\[\\]]", "");
    }

    // ====================================================================== execution

    /** Every node's value, and the inputs' gradients of {@code sum(last * probe)} (empty arrays for steps). */
    record Outcome(List<double[]> values, List<double[]> gradients) {
    }

    /** Runs the program on {@code device}, inputs in {@code dtype}. */
    Outcome run(Device device, DType dtype) {
        try (Scope s = Scope.open()) {
            Tensor[] v = new Tensor[nodes.size()];
            List<double[]> values = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                v[i] = n.isInput() ? ConformanceData.tensor(device, dtype, n.values(), n.shape()).requiresGrad(true)
                        : apply(n, v);
                values.add(v[i].toDoubleArray());
            }
            Tensor last = v[v.length - 1];
            if (last.requiresGrad()) {
                Tensor probe;
                try (GradMode.Guard g = GradMode.noGrad()) {
                    probe = ConformanceData.tensor(device, last.dtype(), ConformanceData.values(last.numel(),
                            ConformanceData.Domain.ANY, 4242), last.shape().dims());
                }
                last.mul(probe).sum().backward();
            }
            List<double[]> grads = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Tensor gr = nodes.get(i).isInput() ? v[i].grad() : null;
                grads.add(gr == null ? new double[nodes.get(i).isInput() ? Math.toIntExact(v[i].numel()) : 0] : gr.toDoubleArray());
            }
            return new Outcome(values, grads);
        }
    }

    // ====================================================================== shrinking and printing

    /** The program truncated after node {@code last}. */
    FuzzProgram prefix(int last) {
        return new FuzzProgram(nodes.subList(0, last + 1));
    }

    /**
     * Candidate smaller programs: each step removed, its uses redirected to the step's own first operand (programs
     * whose shapes no longer fit are dropped by the caller when they throw).
     */
    List<FuzzProgram> smallerVariants() {
        List<FuzzProgram> out = new ArrayList<>();
        for (int k = 0; k < nodes.size() - 1; k++) {
            Node removed = nodes.get(k);
            if (removed.isInput()) {
                continue;
            }
            int replacement = removed.uses()[0];
            List<Node> copy = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (i == k) {
                    continue;
                }
                Node n = nodes.get(i);
                int[] uses = n.uses().clone();
                for (int j = 0; j < uses.length; j++) {
                    uses[j] = uses[j] == k ? replacement : uses[j] > k ? uses[j] - 1 : uses[j];
                }
                copy.add(n.withUses(uses));
            }
            out.add(new FuzzProgram(copy));
        }
        return out;
    }

    /** Java code that reproduces the program on a variable {@code device}. */
    String snippet() {
        StringBuilder sb = new StringBuilder();
        String[] names = new String[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            names[i] = (n.isInput() ? "x" : "v") + i;
            sb.append("Tensor ").append(names[i]).append(" = ");
            if (n.isInput()) {
                StringBuilder vals = new StringBuilder();
                for (double d : n.values()) {
                    vals.append(vals.length() == 0 ? "" : ", ").append((float) d).append('f');
                }
                sb.append("Tensor.of(device, new float[]{").append(vals).append("}")
                        .append(n.shape().length == 0 ? ", new int[0]" : ", " + list(n.shape()))
                        .append(").requiresGrad(true);\n");
            } else {
                sb.append(code(n, names)).append(";\n");
            }
        }
        sb.append("// then: ").append(names[names.length - 1]).append(".mul(probe).sum().backward()\n");
        return sb.toString();
    }
}
