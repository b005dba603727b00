package dev.tessera.io;

import dev.tessera.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes safetensors files atomically: everything goes to a temporary file in the target's directory, which is
 * flushed to the disk and then renamed over the target in one atomic step, so a reader sees either the old file or
 * the complete new one, never a half-written file. The metadata gets the file's CRC-32C
 * ({@link SafetensorsHeader#CHECKSUM_KEY}), computed while writing and patched into its placeholder before the flush.
 * Each tensor is streamed from its device one chunk at a time ({@link TensorChunks}), at 64-bit file positions, so
 * files and tensors over 2 GiB are written without a copy of either on the heap.
 */
final class SafetensorsWriter {
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private SafetensorsWriter() {
    }

    static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (metadata != null) {
            if (metadata.containsKey(SafetensorsHeader.CHECKSUM_KEY)) {
                throw new IllegalArgumentException("safetensors write: the metadata key "
                        + SafetensorsHeader.CHECKSUM_KEY + " is reserved for the file's checksum");
            }
            meta.putAll(metadata);
        }
        meta.put(SafetensorsHeader.CHECKSUM_KEY, SafetensorsHeader.CHECKSUM_PLACEHOLDER);
        byte[] header = header(tensors, meta);
        int digits = SafetensorsHeader.checksumPosition(header);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "cannot write " + target.getFileName()
                    + " there: the directory does not exist");
        }
        Path tmp = TemporaryFiles.create(dir, temporaryPrefix(target), TEMPORARY_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32C crc = new CRC32C();
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(ch, len.flip(), crc);
                writeFully(ch, ByteBuffer.wrap(header), crc);
                for (Tensor t : tensors.values()) {
                    writeData(ch, t, crc);
                }
                byte[] sum = SafetensorsHeader.checksumDigits(crc.getValue());
                ch.write(ByteBuffer.wrap(sum), 8L + digits);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Temporary files of writes of {@code target} are named {@code .<name>.<random>.tmp}. */
    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    static int deleteStaleTemporaries(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        String prefix = temporaryPrefix(target);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMPORARY_SUFFIX)
                    && n.length() > prefix.length() + TEMPORARY_SUFFIX.length();
        })) {
            for (Path p : files) {
                if (Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** The JSON header, padded with spaces so the data section starts at a multiple of 8 bytes. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            sb.append(JsonStrings.quote(SafetensorsHeader.METADATA_KEY)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("safetensors write: metadata keys and values must not be null, "
                            + "got " + e.getKey() + "=" + e.getValue());
                }
                sb.append(first ? "" : ",").append(JsonStrings.quote(e.getKey())).append(':')
                        .append(JsonStrings.quote(e.getValue()));
                first = false;
            }
            sb.append('}');
        }
        long offset = 0;
        boolean first = metadata == null || metadata.isEmpty();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors write: invalid tensor name \"" + name
                        + "\" (must be non-empty and not " + SafetensorsHeader.METADATA_KEY + ")");
            }
            if (t == null || t.isClosed()) {
                throw new IllegalArgumentException("safetensors write: tensor \"" + name + "\" is "
                        + (t == null ? "null" : "closed"));
            }
            SafetensorsHeader.StoredType type = SafetensorsHeader.StoredType.of(t.dtype());
            long bytes = (long) t.numel() * type.bytes();
            sb.append(first ? "" : ",").append(JsonStrings.quote(name)).append(":{\"dtype\":\"").append(type)
                    .append("\",\"shape\":").append(java.util.Arrays.toString(t.shape().dims()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            first = false;
        }
        sb.append('}');
        byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(raw, padded);
        java.util.Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    /** Streams the elements of {@code t} from its device to the file, one chunk at a time, little-endian. */
    private static void writeData(FileChannel ch, Tensor t, CRC32C crc) throws IOException {
        int size = SafetensorsHeader.StoredType.of(t.dtype()).bytes();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(t.numel(), TensorChunks.CHUNK_ELEMENTS) * size)
                .order(ByteOrder.LITTLE_ENDIAN);
        TensorChunks.read(t, (chunk, m) -> {
            buf.clear();
            PrimitiveArrays.copy(buf, chunk, 0, m, false);
            buf.limit(m * size);
            writeFully(ch, buf, crc);
        });
    }

    /** Writes all of {@code b} and adds those bytes to {@code crc}. */
    private static void writeFully(FileChannel ch, ByteBuffer b, CRC32C crc) throws IOException {
        crc.update(b.duplicate());
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
