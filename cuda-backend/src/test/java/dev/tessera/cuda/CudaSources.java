package dev.tessera.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the CUDA sources of module kernels (the folder named by the system property
 * {@code tessera.test.cudaSources}, set by the build) for host-side checks: the argument structs flattened to
 * (field, slots) lists, which struct each kernel takes (from its {@code extern "C"} signature in a dtype macro, or
 * from a {@code TS_FLOAT_ENTRIES}/{@code TS_NUMERIC_ENTRIES} line), integer #defines and enum constants.
 */
final class CudaSources {
    private static final Pattern STRUCT = Pattern.compile("struct\\s+(\\w+)\\s*\\{(.*?)\\};", Pattern.DOTALL);
    private static final Pattern DEFINE = Pattern.compile("#define\\s+(\\w+)\\s+(\\d+)\\b");
    private static final Pattern KERNEL = Pattern.compile(
            "void (\\w+?)_##\\w+(?:##_##\\w+)?\\(const __grid_constant__ (\\w+) a\\)");
    /** The entries of common.cuh's TS_FLOAT_ENTRIES and TS_NUMERIC_ENTRIES (kernel names are lower case). */
    private static final Pattern ENTRIES = Pattern.compile("TS_(?:FLOAT|NUMERIC)_ENTRIES\\(([a-z]\\w*), (\\w+),");
    private static final Pattern ENUM_VALUE = Pattern.compile("\\b([A-Z]+)_(\\w+) = (\\d+),");

    final String text;
    final Map<String, Long> defines = new HashMap<>();
    private final Map<String, String> structBodies = new LinkedHashMap<>();
    /** Kernel base name (without dtype suffixes) to its argument struct. */
    final Map<String, String> kernelStructs = new HashMap<>();

    private CudaSources(String text) {
        this.text = text;
        Matcher d = DEFINE.matcher(text);
        while (d.find()) {
            defines.put(d.group(1), Long.parseLong(d.group(2)));
        }
        Matcher s = STRUCT.matcher(text);
        while (s.find()) {
            structBodies.put(s.group(1), s.group(2));
        }
        String flat = text.replaceAll("\\\\\\s*\\n", " ").replaceAll("\\s+", " ").replace("( ", "(");
        for (Pattern kernel : new Pattern[]{KERNEL, ENTRIES}) {
            Matcher k = kernel.matcher(flat);
            while (k.find()) {
                kernelStructs.put(k.group(1), k.group(2));
            }
        }
    }

    /** The folder of the .cu files. */
    static Path folder() {
        String dir = System.getProperty("tessera.test.cudaSources");
        if (dir == null) {
            throw new IllegalStateException("tessera.test.cudaSources is not set (run the tests through Maven)");
        }
        return Paths.get(dir);
    }

    /** The folder of the headers generated from the op table (ops.cuh). */
    static Path generatedFolder() {
        String dir = System.getProperty("tessera.test.cudaGeneratedSources");
        if (dir == null) {
            throw new IllegalStateException("tessera.test.cudaGeneratedSources is not set (run the tests through "
                    + "Maven)");
        }
        return Paths.get(dir);
    }

    /** All .cu and .cuh files of the folder and of the generated folder, concatenated. */
    static CudaSources load() {
        StringBuilder all = new StringBuilder();
        for (Path dir : new Path[]{folder(), generatedFolder()}) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".cu") || f.toString().endsWith(".cuh"))
                        .sorted().toList()) {
                    all.append(Files.readString(p)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CudaSources(all.toString());
    }

    /** The fields of struct {@code name}, nested structs flattened to {@code outer.inner}. */
    List<KernelArgs.Field> fields(String name) {
        String body = structBodies.get(name);
        if (body == null) {
            throw new AssertionError("no struct " + name + " in the CUDA sources");
        }
        List<KernelArgs.Field> out = new ArrayList<>();
        String code = body.replaceAll("//[^\\n]*", "");
        for (String decl : code.split(";")) {
            String d = decl.trim().replaceAll("\\s+", " ");
            if (d.isEmpty()) {
                continue;
            }
            Matcher m = Pattern.compile("^(.*?)(\\w+)\\s*(?:\\[([^]]+)])?$").matcher(d);
            if (!m.matches()) {
                throw new AssertionError("cannot read field '" + d + "' of struct " + name);
            }
            String type = m.group(1).replace("const", "").replace("*", " * ").trim();
            String field = m.group(2);
            int count = m.group(3) == null ? 1 : (int) evaluate(m.group(3));
            if (structBodies.containsKey(type)) {
                for (KernelArgs.Field f : fields(type)) {
                    out.add(new KernelArgs.Field(field + "." + f.name(), f.slots()));
                }
            } else if (type.equals("i64") || type.equals("double") || type.endsWith("*")) {
                out.add(new KernelArgs.Field(field, count));
            } else {
                throw new AssertionError("struct " + name + " field " + field + " has type '" + type
                        + "', not an 8-byte slot type");
            }
        }
        return out;
    }

    /** The value of an array size: a number, a #define, or a sum of them. */
    long evaluate(String expression) {
        long sum = 0;
        for (String term : expression.split("\\+")) {
            String t = term.trim();
            if (t.matches("\\d+")) {
                sum += Long.parseLong(t);
            } else if (defines.containsKey(t)) {
                sum += defines.get(t);
            } else {
                throw new AssertionError("cannot evaluate '" + t + "' in array size " + expression);
            }
        }
        return sum;
    }

    /** The constants PREFIX_NAME = value of the enums with that prefix (e.g. U for UnaryCode). */
    Map<String, Integer> enumValues(String prefix) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = ENUM_VALUE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(prefix)) {
                out.put(m.group(2), Integer.parseInt(m.group(3)));
            }
        }
        return out;
    }

    /** A kernel name without its dtype suffixes: copy_f32_i32 gives copy, unary_backward_f64 unary_backward. */
    static String baseName(String kernel) {
        return kernel.replaceAll("(_(f32|f64|i32|f16|bf16))+$", "");
    }
}
