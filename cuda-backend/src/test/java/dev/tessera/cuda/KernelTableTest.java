package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PTX resources the build packages: present, readable as text, one family per .cu file, entries found by name. */
class KernelTableTest {
    @BeforeEach
    void needsPtx() {
        Assumptions.assumeTrue(PtxResources.built(), "built with -Dtessera.skipCuda=true: no PTX to check");
    }

    @Test
    void everyFamilyIsPtxTextForTheDriversJit() {
        assertTrue(KernelTable.ptxPresent());
        for (String family : KernelTable.families(KernelTable.ptxProperties())) {
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
    void theFamiliesAreTheCudaSourceFiles() throws IOException {
        List<String> sources;
        try (var files = Files.list(CudaSources.folder())) {
            sources = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
        assertEquals(sources, KernelTable.families(KernelTable.ptxProperties()));
    }

    @Test
    void entryNamesAreReadFromThePtxDeclarations() {
        String ptx = ".version 9.0\n.target sm_80\n// .visible .entry commented_out(\n"
                + ".visible .entry unary_f32(\n\t.param .align 8 .b8 unary_f32_param_0[96]\n)\n{\n}\n"
                + ".visible .entry adam_step_f64(\n\t.param .align 8 .b8 adam_step_f64_param_0[200]\n)\n";
        assertEquals(List.of("unary_f32", "adam_step_f64"), KernelTable.entryNames(ptx));
        assertEquals(List.of("gemm_f32"), KernelTable.entryNames(".visible .entry gemm_f32(\n"));
    }

    @Test
    void aPropertiesFileWithoutFamiliesIsRefusedClearly() {
        Properties old = new Properties();
        old.setProperty("nvcc.version", "13.0");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelTable.families(old));
        assertTrue(e.getMessage().contains("names no kernel families"), e.getMessage());
    }

    @Test
    void everyFamilyDeclaresKernels() {
        for (String family : KernelTable.families(KernelTable.ptxProperties())) {
            assertFalse(KernelTable.entryNames(KernelTable.ptx(family)).isEmpty(), family + ".ptx has no entries");
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
