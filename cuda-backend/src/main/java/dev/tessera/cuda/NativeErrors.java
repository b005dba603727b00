package dev.tessera.cuda;

/**
 * Short reasons from native-library load failures. JCuda wraps the dynamic linker's message in a long text with
 * nested stack traces; the line that matters is the linker's own ("libcuda.so.1: cannot open shared object file",
 * "undefined symbol ...", "version `...' not found").
 */
final class NativeErrors {
    private static final String[] LINKER_MESSAGES = {"cannot open shared object file", "undefined symbol",
        "version `", "wrong ELF class", "invalid ELF header"};

    private NativeErrors() {
    }

    /** The dynamic linker's message in {@code t} or its causes, from the library name on; else the first line. */
    static String summary(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage();
            if (msg == null) {
                continue;
            }
            for (String line : msg.split("\n")) {
                for (String marker : LINKER_MESSAGES) {
                    int at = line.indexOf(marker);
                    if (at >= 0) {
                        return fromLibraryName(line, at);
                    }
                }
            }
        }
        String first = t.getMessage() == null ? t.toString() : t.getMessage();
        return first.split("\n")[0].trim();
    }

    /** The linker message at {@code marker} with the library it names: "lib.so: marker ..." (the text before the
     * library, e.g. "java.lang.UnsatisfiedLinkError: /tmp/x.so: ", is dropped). */
    private static String fromLibraryName(String line, int marker) {
        int start = line.lastIndexOf(": ", marker - 3);
        return (start < 0 ? line : line.substring(start + 2)).trim();
    }
}
