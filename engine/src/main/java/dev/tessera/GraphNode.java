package dev.tessera;

import java.util.Arrays;

/**
 * One recorded op of the autograd graph: the op's name, its inputs, the tensors its backward rule reads (with the
 * storage versions they had, to detect in-place changes), and the rule itself. Created only while grad mode is on
 * and some input requires grad; held by the op's output as {@code gradFn}.
 */
final class GraphNode {
    /** Computes the gradients of the inputs from the gradient of the output; null entries mean "no gradient". */
    interface Rule {
        Tensor[] apply(Tensor gradOut, boolean[] needsGrad);
    }

    final String op;
    final Tensor[] inputs;
    final Rule rule;
    private final Tensor[] saved;
    private final int[] savedVersions;
    final Throwable createdAt;
    /** Set once a backward pass without retainGraph has run this node: its saved tensors count as freed. */
    private boolean released;

    GraphNode(String op, Tensor[] inputs, Rule rule, Tensor[] saved) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].storage.version;
            saved[i].savedForBackward = true;
        }
        this.createdAt = Tessera.recordSites() ? new Throwable(op + " created here") : null;
    }

    /** Marks the saved tensors as consumed: a later backward through this node is refused, as in PyTorch. */
    void release() {
        released = true;
    }

    /**
     * Throws if the saved tensors were released by an earlier backward, or a saved tensor was closed or changed in
     * place since the forward pass.
     */
    void checkSaved() {
        if (released) {
            throw new IllegalStateException("backward of " + op + ": Trying to backward through the graph a second "
                    + "time (or directly access saved tensors after they have already been freed). Saved "
                    + "intermediate values of the graph are freed when you call backward(). Specify "
                    + "backward(true) (retainGraph) if you need to backward through the graph a second time.",
                    createdAt);
        }
        for (int i = 0; i < saved.length; i++) {
            Tensor t = saved[i];
            t.checkOpen("backward of " + op);
            if (t.storage.version != savedVersions[i]) {
                throw new IllegalStateException("backward of " + op + ": a tensor of shape " + t.shape()
                        + " that " + op + " saved for its gradient was modified in place after the forward pass "
                        + "(version " + savedVersions[i] + " -> " + t.storage.version + "); compute on a copy instead",
                        createdAt);
            }
        }
    }

    /** Whether an op on {@code inputs} must be recorded: grad mode is on and some input requires grad. */
    static boolean needed(Tensor... inputs) {
        if (!dev.tessera.autograd.GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Records {@code out} as produced by {@code op} from {@code inputs}; {@code saved} are read by the rule. */
    static void record(Tensor out, String op, Tensor[] inputs, Tensor[] saved, Rule rule) {
        GraphNode node = new GraphNode(op, inputs, rule, saved);
        out.gradFn = node;
        out.markRequiresGrad();
        if (Tessera.anomalyDetection()) {
            Anomaly.checkForward(node, out);
        }
    }

    /** The shapes of the inputs, for error messages. */
    String inputShapes() {
        return Arrays.toString(Arrays.stream(inputs).map(t -> t.shape().toString()).toArray());
    }
}
