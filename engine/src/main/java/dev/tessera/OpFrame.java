package dev.tessera;

import java.util.ArrayList;

/**
 * The owner of one op's temporaries, opened in try-with-resources around the op: dense copies of its inputs
 * ({@link #dense}), intermediate and output tensors ({@link #own}). Closing the frame frees every tensor it owns
 * except those the op handed on: returned to the caller ({@link #keep}) or saved by the graph node for the backward
 * pass ({@link #save}). Because the frame closes on every exit, an op that throws (a backend error, a failed check)
 * frees its temporaries and its unfinished output too.
 */
final class OpFrame implements AutoCloseable {
    private final ArrayList<Tensor> owned = new ArrayList<>(4);

    /** {@code t} itself when dense from element 0, else a dense copy that this frame owns. */
    Tensor dense(Tensor t) {
        Tensor d = t.denseAtZero();
        if (d != t) {
            owned.add(d);
        }
        return d;
    }

    /** Takes ownership of {@code t} (freed on close unless kept or saved); returns it. */
    Tensor own(Tensor t) {
        owned.add(t);
        return t;
    }

    /** Releases {@code t} to the caller (a no-op for a tensor the frame does not own); returns it. */
    Tensor keep(Tensor t) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == t) {
                owned.remove(i);
            }
        }
        return t;
    }

    /**
     * Releases every non-null tensor of {@code ts} to the graph node that saves them; returns those non-null
     * tensors, in order (the node's saved list).
     */
    Tensor[] save(Tensor... ts) {
        ArrayList<Tensor> saved = new ArrayList<>(ts.length);
        for (Tensor t : ts) {
            if (t != null) {
                saved.add(keep(t));
            }
        }
        return saved.toArray(new Tensor[0]);
    }

    /** Frees every tensor still owned, latest first. */
    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
