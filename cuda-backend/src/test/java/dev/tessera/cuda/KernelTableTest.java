package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PTX resources the build packages: present, readable as text, and holding exactly the catalog's kernels. */
class KernelTableTest {
    @BeforeEach
    void needsPtx() {
        Assumptions.assumeTrue(PtxResources.built(), "built with -Dtessera.skipCuda=true: no PTX to check");
    }

    @Test
    void everyFamilyIsPtxTextForTheDriversJit() {
        assertTrue(KernelTable.ptxPresent());
        for (String family : KernelTable.CATALOG.keySet()) {
            String ptx = KernelTable.ptx(family);
            assertTrue(ptx.contains("\n.version "), family + ".ptx declares its PTX ISA version");
            assertTrue(ptx.contains("\n.target sm_80"), family + ".ptx targets compute_80 (JIT-compiled for the GPU)");
            assertTrue(ptx.chars().allMatch(c -> c < 128 && c != 0), family + ".ptx is plain ASCII without NUL");
        }
        Properties p = KernelTable.ptxProperties();
        assertEquals("compute_80", p.getProperty("ptx.arch"));
        assertTrue(p.getProperty("ptx.isa", "").matches("\\d+\\.\\d+"), "ptx.properties names the ISA: " + p);
        assertTrue(p.getProperty("nvcc.version", "").matches("\\d+\\.\\d+"), "and the nvcc release: " + p);
    }

    @Test
    void thePtxHoldsExactlyTheCatalogsKernels() {
        for (Map.Entry<String, List<String>> family : KernelTable.CATALOG.entrySet()) {
            Set<String> inPtx = new TreeSet<>(PtxResources.entries(family.getKey()).keySet());
            assertEquals(new TreeSet<>(family.getValue()), inPtx, family.getKey() + ".ptx entries vs the catalog "
                    + "(a kernel the backend does not launch is dead code; one it launches must exist)");
        }
    }

    @Test
    void everyKernelTakesOneArgumentStructOfWholeSlots() {
        Map<String, Integer> entries = PtxResources.allEntries();
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            assertEquals(0, e.getValue() % 8, e.getKey());
            assertTrue(e.getValue() <= KernelArgs.CAPACITY, e.getKey() + " takes " + e.getValue() + " bytes");
        }
        assertFalse(entries.isEmpty());
    }
}
