package dev.tessera.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which compiled classes of a module reference types of a given package: a layering check that reads the
 * {@code CONSTANT_Utf8} entries of each class file's constant pool (JVMS 4.4), where every class, field and method
 * descriptor and generic signature the class uses is spelled in internal form ({@code dev/tessera/backend/UnaryOp}).
 * Reading the bytecode rather than the sources also catches fully qualified names and types reached without an
 * import.
 */
public final class ClassReferences {
    private ClassReferences() {
    }

    /** The classes directory (or jar) that {@code anchor} was loaded from: the module under test. */
    public static Path classesOf(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no class location for " + anchor.getName(), e);
        }
    }

    /**
     * For every class file under {@code classesRoot} (a directory) whose constant pool mentions a type of
     * {@code packageName} or a subpackage, the class's file name and the sorted mentions.
     *
     * @throws IllegalArgumentException when {@code classesRoot} is not a directory holding class files
     */
    public static Map<String, List<String>> referencesTo(Path classesRoot, String packageName) {
        if (!Files.isDirectory(classesRoot)) {
            throw new IllegalArgumentException("referencesTo: " + classesRoot + " is not a classes directory");
        }
        String internal = packageName.replace('.', '/') + "/";
        Map<String, List<String>> out = new TreeMap<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classesRoot)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                scanned++;
                TreeSet<String> hits = new TreeSet<>();
                for (String s : utf8Constants(Files.readAllBytes(f))) {
                    if (s.contains(internal)) {
                        hits.add(s);
                    }
                }
                if (!hits.isEmpty()) {
                    out.put(classesRoot.relativize(f).toString(), new ArrayList<>(hits));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (scanned == 0) {
            throw new IllegalArgumentException("referencesTo: no class files under " + classesRoot);
        }
        return out;
    }

    /** The {@code CONSTANT_Utf8} strings of one class file's constant pool. */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file (bad magic)");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return out;
    }
}
