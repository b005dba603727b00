package dev.tessera;

/**
 * The lifetime region of a composite op (mean, var, clamp, matmul's reshapes, ...). When the op is being recorded
 * for autograd its intermediates are saved by graph nodes, so they must live as long as the caller's scope: the
 * region then does nothing. Otherwise it is a {@link Scope} that frees the intermediates at once.
 */
final class Composite implements AutoCloseable {
    private final Scope scope;

    private Composite(Scope scope) {
        this.scope = scope;
    }

    /** A region for a composite op over {@code inputs}. */
    static Composite open(Tensor... inputs) {
        return new Composite(GraphNode.needed(inputs) ? null : Scope.open());
    }

    /** Hands the op's result out of the region. */
    <T extends Tensor> T keep(T t) {
        return scope == null ? t : scope.keep(t);
    }

    @Override
    public void close() {
        if (scope != null) {
            scope.close();
        }
    }
}
