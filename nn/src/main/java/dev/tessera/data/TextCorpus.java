package dev.tessera.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Text corpora for character-level language models, read as strict UTF-8.
 *
 * <p>The {@code fortunes} corpus is the text of Debian's {@code fortunes} package: every regular file (not a symbolic
 * link, such as the {@code *.u8} links) of {@value #FORTUNES_DIR} whose name does not end in {@code .dat}, in
 * ascending name order, concatenated (about 2.6 MB, 113 distinct characters).
 */
public final class TextCorpus {
    /** Where Debian installs the fortunes files. */
    public static final String FORTUNES_DIR = "/usr/share/games/fortunes";

    private TextCorpus() {
    }

    /** The fortunes corpus from {@value #FORTUNES_DIR}; see {@link #fortunes(Path)}. */
    public static String fortunes() throws IOException {
        return fortunes(Path.of(FORTUNES_DIR));
    }

    /**
     * The fortunes corpus from {@code dir}.
     *
     * @throws NoSuchFileException when {@code dir} does not exist or holds no fortune file, with the install hint
     * @throws IOException         when a file is not UTF-8 text or cannot be read
     */
    public static String fortunes(Path dir) throws IOException {
        String hint = "the fortunes corpus is not installed: " + dir + " %s (install it with: sudo apt-get install "
                + "fortunes)";
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, String.format(hint, "does not exist"));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().endsWith(".dat"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, String.format(hint, "holds no fortune file"));
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(read(f));
        }
        return sb.toString();
    }

    /**
     * The text of {@code file}.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws IOException         naming the file when it is not valid UTF-8 or is empty
     */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no text file " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            throw new IOException(file + " is empty (expected UTF-8 text)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text (" + e.getMessage() + "); convert it, e.g. with iconv -t "
                    + "UTF-8", e);
        }
    }
}
