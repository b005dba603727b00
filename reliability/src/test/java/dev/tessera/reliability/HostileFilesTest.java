package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hand-made broken file of {@link HostileFiles} is refused with an {@link IOException} naming the file and the
 * problem; the reader allocates no more than a small multiple of the file's size (so no header is trusted to size an
 * allocation, and no OutOfMemoryError can follow), and the file is left as it was.
 */
class HostileFilesTest {
    /** Generous bound on what reading a small file may allocate: buffers plus a multiple of the file. */
    static final long ALLOCATION_SLACK = 4L << 20;
    @TempDir
    Path dir;

    static List<HostileFiles.Case> cases() {
        return HostileFiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedClearlyWithoutTrustingItsHeader(HostileFiles.Case c) throws IOException {
        Path file = dir.resolve("hostile." + c.format().name().toLowerCase());
        Files.write(file, c.bytes());
        Map<String, String> before = Checksums.ofTree(dir);
        ThreadAllocation.Outcome o = ThreadAllocation.measure(() -> c.format().read(file));
        assertNotNull(o.thrown(), c + ": was read without an error");
        if (!(o.thrown() instanceof IOException)) {
            fail(c + ": expected an IOException, got " + o.thrown(), o.thrown());
        }
        String m = o.thrown().getMessage();
        assertTrue(m.contains(file.toString()), c + ": the message does not name the file: " + m);
        assertTrue(m.contains(c.fragment()), c + ": the message lacks \"" + c.fragment() + "\": " + m);
        long bound = ALLOCATION_SLACK + 16L * c.bytes().length;
        assertTrue(o.bytes() < bound, c + ": reading allocated " + o.bytes() + " bytes (bound " + bound + ")");
        assertEquals(before, Checksums.ofTree(dir), c + ": reading changed the directory");
    }
}
