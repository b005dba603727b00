package dev.tessera;

import dev.tessera.backend.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The backend plug-ins on the class path, loaded once through {@link ServiceLoader}, highest auto priority first. */
final class Backends {
    private static volatile Map<String, BackendProvider> providers;

    private Backends() {
    }

    static Map<String, BackendProvider> all() {
        Map<String, BackendProvider> p = providers;
        if (p == null) {
            synchronized (Backends.class) {
                if (providers == null) {
                    List<BackendProvider> found = new ArrayList<>();
                    for (BackendProvider bp : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
                        found.add(bp);
                    }
                    found.sort(Comparator.comparingInt(BackendProvider::autoPriority).reversed());
                    Map<String, BackendProvider> m = new LinkedHashMap<>();
                    for (BackendProvider bp : found) {
                        m.putIfAbsent(bp.name(), bp);
                    }
                    providers = m;
                }
                p = providers;
            }
        }
        return p;
    }
}
