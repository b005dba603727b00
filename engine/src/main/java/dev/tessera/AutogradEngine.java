package dev.tessera;

import dev.tessera.autograd.GradMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation over the recorded graph: orders the nodes reachable from the root topologically,
 * then runs each node's rule once with the sum of the gradients flowing into its output, and accumulates gradients
 * of leaves that require grad into their {@code grad}.
 *
 * <p>Each rule runs in its own {@link Scope} with grad mode off, so its temporaries are freed at once; every
 * gradient tensor has exactly one owner (the pending map or a leaf), and is closed as soon as it is consumed.
 */
final class AutogradEngine {
    private AutogradEngine() {
    }

    static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        root.checkOpen("backward");
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor of shape " + root.shape()
                    + " does not require grad (no input of the ops that made it has requiresGrad set, "
                    + "or it was computed in a no-grad scope)");
        }
        Tensor seed;
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: tensor of shape " + root.shape()
                        + " is not a scalar; pass the gradient of the output explicitly: backward(gradient)");
            }
            seed = Tensor.full(1.0, root.shape(), root.dtype(), root.device());
        } else {
            gradient.checkOpen("backward");
            if (!gradient.shape().equals(root.shape())) {
                throw new IllegalArgumentException("backward: gradient shape " + gradient.shape()
                        + " differs from the output shape " + root.shape());
            }
            if (gradient.device() != root.device()) {
                throw new IllegalArgumentException("backward: gradient is on " + gradient.device()
                        + " but the output is on " + root.device());
            }
            seed = gradient.dtype() == root.dtype() ? gradient.alias() : gradient.to(root.dtype());
        }
        try (GradMode.Guard ignored = GradMode.noGrad()) {
            if (root.gradFn == null) {
                accumulateLeaf(root, seed);
                return;
            }
            run(root.gradFn, seed, retainGraph);
        }
    }

    private static void run(GraphNode rootNode, Tensor seed, boolean retainGraph) {
        List<GraphNode> order = topologicalOrder(rootNode);
        Map<GraphNode, Tensor> pending = new IdentityHashMap<>();
        pending.put(rootNode, seed);
        try {
            for (GraphNode node : order) {
                Tensor g = pending.remove(node);
                if (g == null) {
                    continue;
                }
                boolean[] needs = new boolean[node.inputs.length];
                for (int i = 0; i < needs.length; i++) {
                    needs[i] = node.inputs[i].requiresGrad();
                }
                Tensor[] grads;
                try (g) {
                    grads = applyRule(node, g, needs);
                }
                for (int i = 0; i < grads.length; i++) {
                    Tensor gi = grads[i];
                    if (gi == null) {
                        continue;
                    }
                    Tensor input = node.inputs[i];
                    if (!needs[i]) {
                        gi.close();
                    } else if (input.gradFn == null) {
                        accumulateLeaf(input, gi);
                    } else {
                        Tensor prior = pending.get(input.gradFn);
                        if (prior == null) {
                            pending.put(input.gradFn, gi);
                        } else {
                            Tensor sum = prior.add(gi);
                            Scope.untrack(sum);
                            pending.put(input.gradFn, sum);
                            prior.close();
                            gi.close();
                        }
                    }
                }
            }
        } finally {
            for (Tensor t : pending.values()) {
                t.close();
            }
        }
        if (!retainGraph) {
            for (GraphNode node : order) {
                node.release();
            }
        }
    }

    /**
     * Runs {@code node}'s rule on {@code g} and returns gradients that the engine owns. The caller still owns (and
     * closes) {@code g}; when the saved tensors fail their check, the rule throws or anomaly detection rejects a
     * gradient, every gradient made so far is freed before the exception leaves.
     */
    private static Tensor[] applyRule(GraphNode node, Tensor g, boolean[] needs) {
        node.checkSaved();
        Tensor[] grads;
        try (Scope ruleScope = Scope.open()) {
            grads = node.rule.apply(g, needs);
            for (Tensor gi : grads) {
                ruleScope.keep(gi);
            }
        }
        grads = distinctOwners(grads, g);
        if (Tessera.anomalyDetection()) {
            try {
                Anomaly.checkGradients(node, grads);
            } catch (RuntimeException | Error e) {
                for (Tensor gi : grads) {
                    if (gi != null) {
                        gi.close();
                    }
                }
                throw e;
            }
        }
        return grads;
    }

    /** Makes every gradient a distinct tensor object that no one else owns (aliases share storage by refcount). */
    private static Tensor[] distinctOwners(Tensor[] grads, Tensor incoming) {
        Tensor[] out = grads.clone();
        for (int i = 0; i < out.length; i++) {
            Tensor gi = out[i];
            if (gi == null) {
                continue;
            }
            boolean shared = gi == incoming;
            for (int j = 0; j < i && !shared; j++) {
                shared = grads[j] == gi;
            }
            out[i] = shared ? gi.alias() : gi;
            Scope.untrack(out[i]);
        }
        return out;
    }

    /** Adds {@code g} (owned by the engine) into {@code leaf.grad}, taking ownership of it when possible. */
    static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor grad = g;
        if (g.dtype() != leaf.dtype()) {
            grad = g.to(leaf.dtype());
            g.close();
        }
        if (leaf.grad == null) {
            if (!grad.isContiguous() || grad.offset != 0 || grad.storage.refCount() != 1) {
                Tensor copy = grad.contiguousCopy();
                grad.close();
                grad = copy;
            }
            Scope.untrack(grad);
            leaf.grad = grad;
        } else {
            leaf.grad.addInPlace(grad);
            grad.close();
        }
    }

    private static List<GraphNode> topologicalOrder(GraphNode root) {
        Map<GraphNode, Boolean> visited = new IdentityHashMap<>();
        List<GraphNode> postOrder = new ArrayList<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            GraphNode node = (GraphNode) frame[0];
            int next = (Integer) frame[1];
            if (next < node.inputs.length) {
                frame[1] = next + 1;
                GraphNode child = node.inputs[next].gradFn;
                if (child != null && visited.put(child, Boolean.TRUE) == null) {
                    stack.push(new Object[]{child, 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}
