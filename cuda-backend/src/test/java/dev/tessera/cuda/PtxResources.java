package dev.tessera.cuda;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kernel entries of the packaged PTX and the byte size of each one's single parameter. */
final class PtxResources {
    private static final Pattern ENTRY = Pattern.compile(
            "\\.visible \\.entry (\\w+)\\(\\s*\\.param \\.align \\d+ \\.b8 \\w+\\[(\\d+)\\]\\s*\\)");

    private PtxResources() {
    }

    /** Whether the build produced PTX (it skips nvcc with -Dtessera.skipCuda=true). */
    static boolean built() {
        return !Boolean.getBoolean("tessera.skipCuda");
    }

    /** Entry name to parameter bytes, for one family. */
    static Map<String, Integer> entries(String family) {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = ENTRY.matcher(KernelTable.ptx(family));
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** Entry name to parameter bytes, over all families. */
    static Map<String, Integer> allEntries() {
        Map<String, Integer> out = new HashMap<>();
        for (String family : KernelTable.families(KernelTable.ptxProperties())) {
            out.putAll(entries(family));
        }
        return out;
    }
}
