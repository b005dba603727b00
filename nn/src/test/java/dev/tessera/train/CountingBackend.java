package dev.tessera.train;

import dev.tessera.backend.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that forwards every call to another and counts the device-to-host reads ({@link Backend#read}: the host
 * waits on each), under its own device spec.
 */
final class CountingBackend {
    private final AtomicLong reads = new AtomicLong();
    private final Backend proxy;

    CountingBackend(Backend inner, String spec) {
        proxy = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class},
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "deviceSpec" -> {
                            return spec;
                        }
                        case "read" -> reads.incrementAndGet();
                        default -> {
                        }
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The counting backend itself. */
    Backend backend() {
        return proxy;
    }

    /** Reads since the last call; resets the count. */
    long takeReads() {
        return reads.getAndSet(0);
    }
}
