package dev.tessera.io;

import dev.tessera.Device;
import dev.tessera.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The safetensors format (Hugging Face's tensor file), Tessera's checkpoint format: an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, and the raw little-endian data. Files
 * written here are readable by {@code safetensors.torch.load_file}, and files written by PyTorch (F32, F64, I32,
 * I64, F16, BF16) are readable here, so state dicts interchange.
 *
 * <p>Reading validates the whole header before trusting any byte ({@link SafetensorsHeader}); writing goes through
 * a temporary file renamed atomically over the target ({@link #write}). Files written here carry their CRC-32C in
 * the metadata ({@link SafetensorsHeader#CHECKSUM_KEY}) and reading checks it, so any damaged byte, header or data,
 * is reported instead of loading a silently different tensor.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /**
     * Writes {@code tensors} (in the map's iteration order) and the {@code metadata} strings (may be null) to
     * {@code path}: first to a temporary file next to it, flushed to the disk, then renamed over {@code path}
     * atomically, so {@code path} never holds a half-written file. The tensors are read, not modified; FLOAT32,
     * FLOAT64, INT32, FLOAT16 and BFLOAT16 are stored as F32, F64, I32, F16 and BF16. The file's CRC-32C is added to
     * the metadata under {@link SafetensorsHeader#CHECKSUM_KEY}.
     *
     * @throws IllegalArgumentException for an empty, null or reserved name, a closed tensor, or metadata that uses
     *                                  the checksum's key
     * @throws IOException              when the file cannot be written (the target is then left as it was)
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter.write(path, tensors, metadata);
    }

    /**
     * Deletes the temporary files that writes of {@code path} left behind when their process was killed before the
     * rename (a SIGKILL or power loss during {@link #write}); {@code path} itself is never touched. Call it only when
     * no other process is writing {@code path}. Returns how many files were deleted.
     *
     * @throws IOException when the directory cannot be listed or a file cannot be deleted
     */
    public static int deleteStaleTemporaries(Path path) throws IOException {
        return SafetensorsWriter.deleteStaleTemporaries(path);
    }

    /**
     * Reads every tensor of the file at {@code path} onto {@code device}, each in the dtype its stored type reads as
     * ({@link SafetensorsHeader.StoredType#readAs}: F16 and BF16 as FLOAT16 and BFLOAT16, which {@code device} must
     * store; see {@link #readWidened}). The returned tensors are not owned by any
     * {@link dev.tessera.Scope}: close the content (or the tensors taken from it). A file written by Tessera is checked
     * against its CRC-32C; the checksum entry is not included in the returned metadata.
     *
     * @throws SafetensorsFormatException naming the file and the problem when the file breaks the format or does not
     *                                    match its checksum
     * @throws IOException                when the file cannot be read
     */
    public static SafetensorsContent read(Path path, Device device) throws IOException {
        return SafetensorsReader.read(path, device, false);
    }

    /**
     * {@link #read}, except that F16 and BF16 tensors are widened exactly to FLOAT32 as they are read instead of
     * loading as FLOAT16 and BFLOAT16: for a device that does not store half types, or code that wants FLOAT32.
     *
     * @throws SafetensorsFormatException as {@link #read}
     * @throws IOException                when the file cannot be read
     */
    public static SafetensorsContent readWidened(Path path, Device device) throws IOException {
        return SafetensorsReader.read(path, device, true);
    }

    /**
     * Reads and validates only the header of the file at {@code path} (names, dtypes, shapes, metadata). The
     * checksum, which needs the data, is not verified here; its entry is part of the metadata returned.
     *
     * @throws SafetensorsFormatException naming the file and the problem when the file breaks the format
     */
    public static SafetensorsHeader readHeader(Path path) throws IOException {
        return SafetensorsReader.readHeader(path);
    }
}
