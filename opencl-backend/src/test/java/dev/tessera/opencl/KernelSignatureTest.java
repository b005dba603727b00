package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.backend.Buffer;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedOp;
import dev.tessera.opencl.ProgramCache.Family;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL side of the fused-op name convention, without a device: every kernel a descriptor declares is defined
 * in a kernel source, with one parameter per component of the descriptor's record in order, of the type
 * {@link DescriptorLauncher} binds (plus the {@code local} scratch of a rows kernel); and, the other way, every
 * kernel of a source file that holds descriptor kernels belongs to a descriptor (none is launched by hand there),
 * and the device registers every descriptor with kernels.
 */
class KernelSignatureTest {
    private static final Pattern KERNEL = Pattern.compile("\\bkernel\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    /** Each kernel's parameter types (the declaration without its name), by kernel name. */
    private static Map<String, List<String>> parameters(Family family) {
        Map<String, List<String>> kernels = new HashMap<>();
        Matcher m = KERNEL.matcher(ProgramCache.read(family.file));
        while (m.find()) {
            List<String> types = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                String decl = p.trim().replaceAll("\\s+", " ");
                types.add(decl.substring(0, decl.lastIndexOf(' ')).replace("const ", "").replace(" *", "*"));
            }
            kernels.put(m.group(1), types);
        }
        return kernels;
    }

    /** What the launcher binds for a component of this type: its OpenCL parameter type (a pattern). */
    private static String expected(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == Buffer.class) {
            return "global (T|int)\\*";
        } else if (t == int.class || t == boolean.class || t.isEnum()) {
            return "int";
        } else if (t == long.class) {
            return "long";
        } else if (t == double.class) {
            return "T";
        } else if (t.isRecord()) {
            return "\\w+_shape";
        }
        throw new AssertionError(c + " has no OpenCL encoding");
    }

    @Test
    void everyDescriptorKernelTakesItsRecordInOrder() {
        Map<String, Family> families = ProgramCache.definitions();
        int checked = 0;
        for (FusedOp<?> op : FusedCatalog.ALL) {
            for (String kernel : op.kernels()) {
                Family family = families.get(kernel);
                assertTrue(family != null, op.name() + ": no OpenCL kernel " + kernel);
                List<String> actual = parameters(family).get(kernel);
                RecordComponent[] components = op.argsType().getRecordComponents();
                boolean scratch = actual.size() == components.length + 1;
                assertTrue(scratch || actual.size() == components.length, kernel + " has " + actual.size()
                        + " parameters for the " + components.length + " components of " + op.argsType());
                for (int i = 0; i < components.length; i++) {
                    assertTrue(actual.get(i).matches(expected(components[i])), kernel + " parameter " + i + " ("
                            + components[i].getName() + "): expected " + expected(components[i]) + ", found "
                            + actual.get(i));
                }
                if (scratch) {
                    assertEquals("local T*", actual.get(components.length), kernel + ": a rows kernel's scratch");
                }
                checked++;
            }
        }
        assertEquals(13, checked, "softmax 4, cross-entropy 2, conv 3, pooling 2, cell steps 2");
    }

    @Test
    void theDeviceLaunchesEveryDescriptorWithKernels() {
        Set<FusedOp<?>> registered = ClTesting.device().fusedKernels().registered();
        for (FusedOp<?> op : FusedCatalog.ALL) {
            if (!op.kernels().isEmpty()) {
                assertTrue(registered.contains(op), op.name() + " is not registered on OpenCL");
            }
        }
    }

    @Test
    void everyKernelBesideDescriptorKernelsBelongsToADescriptor() {
        Set<String> declared = new HashSet<>();
        Set<Family> holding = new HashSet<>();
        Map<String, Family> families = ProgramCache.definitions();
        for (FusedOp<?> op : FusedCatalog.ALL) {
            for (String kernel : op.kernels()) {
                declared.add(kernel);
                holding.add(families.get(kernel));
            }
        }
        Set<String> strays = new TreeSet<>();
        for (Family f : holding) {
            parameters(f).keySet().stream().filter(k -> !declared.contains(k)).forEach(strays::add);
        }
        assertTrue(strays.isEmpty(), "kernels in descriptor kernel files that no descriptor declares: " + strays);
    }
}
