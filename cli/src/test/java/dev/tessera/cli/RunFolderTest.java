package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new run never touches an existing one: protected --out folders, fresh default folders, the status file. */
class RunFolderTest {
    @TempDir
    Path dir;

    private static CliRun train(String... extra) {
        String[] base = {"train", "--model", "mlp:8", "--epochs", "1", "--device", "cpu"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void anOutFolderHoldingARunIsRefusedUnlessOverwrite() throws Exception {
        Path out = dir.resolve("run");
        CliRun first = train("--out", out.toString());
        assertEquals(0, first.code(), first::toString);
        assertEquals("completed", RunFolder.status(out));
        byte[] model = Files.readAllBytes(out.resolve(ModelFiles.WEIGHTS));

        CliRun again = train("--out", out.toString(), "--seed", "7");
        assertEquals(1, again.code(), again::toString);
        assertEquals(1, again.errLines().size(), again::toString);
        assertTrue(again.err().contains("already holds a run") && again.err().contains("--overwrite")
                && again.err().contains("--resume"), again::toString);
        assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(out.resolve(ModelFiles.WEIGHTS))),
                "the refused run left the old model alone");

        CliRun replaced = train("--out", out.toString(), "--seed", "7", "--overwrite");
        assertEquals(0, replaced.code(), replaced::toString);
        assertFalse(java.util.Arrays.equals(model, Files.readAllBytes(out.resolve(ModelFiles.WEIGHTS))));
    }

    @Test
    void aFailedOverwriteLeavesAFolderMarkedFailedWithNothingOfTheOldRun() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train("--out", out.toString()).code());
        Path csv = dir.resolve("diverges.csv");
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 2 == 0 ? "3e38" : "-3e38").append(",3e38,").append(i % 2).append('\n');
        }
        Files.writeString(csv, sb);
        CliRun failed = train("--out", out.toString(), "--overwrite", "--dataset", "csv:" + csv, "--normalize",
                "none", "--lr", "10");
        assertEquals(1, failed.code(), failed::toString);
        String status = RunFolder.status(out);
        assertTrue(status.startsWith("failed: "), status);
        assertFalse(Files.exists(out.resolve(ModelFiles.WEIGHTS)), "no model of the old run next to the failure");
        CliRun eval = CliRun.of("evaluate", "--model", out.toString(), "--device", "cpu");
        assertEquals(1, eval.code(), eval::toString);
        assertTrue(eval.err().contains("failed"), eval::toString);
        CliRun retry = train("--out", out.toString());
        assertEquals(0, retry.code(), "a failed run is replaced without --overwrite\n" + retry);
    }

    @Test
    void outNamingAFileIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun r = train("--out", file.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("tessera train: --out " + file + " is a file, not a folder"), r.errLines());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void withoutOutEveryRunGetsAFreshFolderAndLatestPointsToTheNewest() throws Exception {
        Path root = dir.resolve("runs").resolve("train");
        Path a = RunFolder.create(null, root, false);
        Path b = RunFolder.create(null, root, false);
        assertNotEquals(a, b);
        assertEquals(root, a.getParent());
        assertTrue(Files.isDirectory(a) && Files.isDirectory(b));
        Files.writeString(b.resolve(ModelFiles.CONFIG), "{}");
        assertEquals(b.toRealPath(), RunFolder.resolve(root).toRealPath());
    }

    @Test
    void filesAreCreatedWithTheUmasksPermissionsNotOwnerOnly() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train("--out", out.toString()).code());
        Path reference = Files.createFile(dir.resolve("plain-new-file"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        for (String f : List.of(ModelFiles.WEIGHTS, ModelFiles.CONFIG, "metrics.csv", "curves.png",
                "last.safetensors", RunFolder.STATUS)) {
            assertEquals(expected, Files.getPosixFilePermissions(out.resolve(f)), f);
        }
    }

    @Test
    void aChartThatCannotBeWrittenAfterTheModelIsSavedIsAWarningWithExitZero() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out.resolve("curves.png").resolve("in-the-way"));
        CliRun r = train("--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("tessera train: warning: curves.png not written: "), r::toString);
        assertTrue(Files.isRegularFile(out.resolve(ModelFiles.WEIGHTS)));
        assertEquals("completed", RunFolder.status(out));
        assertTrue(r.out().contains("wrote metrics.csv, model.safetensors, config.json"), r::toString);
    }
}
