package dev.tessera.data;

/** What the targets of a {@link Dataset} are, which decides the dtype and shape of {@link Batch#targets()}. */
public enum TargetKind {
    /** Class labels in {@code [0, numClasses)}: INT32 targets of shape {@code [B]}. */
    CLASS,
    /** Real-valued targets (regression): targets of the feature dtype, shape {@code [B, ...targetShape]}. */
    NUMERIC,
    /** No targets (unsupervised data, e.g. for PCA or a Gaussian mixture): {@link Batch#targets()} is null. */
    NONE
}
