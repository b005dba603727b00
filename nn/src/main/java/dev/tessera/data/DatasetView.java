package dev.tessera.data;

import dev.tessera.Shape;

/**
 * A dataset whose examples come from a source dataset: the feature shape, target kind, target shape and class
 * count are the source's; subclasses decide how many examples there are and which source examples a batch holds.
 */
abstract class DatasetView implements Dataset {
    /** The dataset viewed. */
    final Dataset source;

    DatasetView(Dataset source) {
        this.source = source;
    }

    @Override
    public Shape featureShape() {
        return source.featureShape();
    }

    @Override
    public TargetKind targetKind() {
        return source.targetKind();
    }

    @Override
    public Shape targetShape() {
        return source.targetShape();
    }

    @Override
    public int numClasses() {
        return source.numClasses();
    }
}
