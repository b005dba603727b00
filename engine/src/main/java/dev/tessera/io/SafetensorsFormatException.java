package dev.tessera.io;

import java.io.IOException;

/** A safetensors file that breaks the format; the message names the file and the first problem found. */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message (which should name the file). */
    public SafetensorsFormatException(String message) {
        super(message);
    }
}
