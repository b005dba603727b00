package dev.tessera.spark;

import dev.tessera.Device;
import dev.tessera.nn.Module;
import java.io.Serializable;

/** Builds an untrained network of a known architecture on a device; shipped to executors, so serializable. */
@FunctionalInterface
public interface Architecture extends Serializable {
    /** A fresh network on {@code device}. */
    Module build(Device device);
}
