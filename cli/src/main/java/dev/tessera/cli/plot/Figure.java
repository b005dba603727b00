package dev.tessera.cli.plot;

import dev.tessera.io.TemporaryFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * A picture of one or more charts side by side, drawn headless with java.awt into a {@link BufferedImage} and saved
 * as PNG through a temporary file and an atomic rename (never a half-written image).
 */
public final class Figure {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Figure() {
    }

    /**
     * Draws {@code charts} in a row of equal panels on a white {@code width x height} image.
     *
     * @throws IllegalArgumentException when there is no chart or the size is too small for one
     * @throws IllegalStateException when the Java runtime finds no fonts to draw the text with (a headless server
     *     without fontconfig or font files), saying what to install
     */
    public static BufferedImage row(int width, int height, Chart... charts) {
        if (charts.length == 0 || width / charts.length < 200 || height < 150) {
            throw new IllegalArgumentException("Figure.row: need at least one chart and 200 x 150 pixels each, got "
                    + charts.length + " charts on " + width + " x " + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int w = width / charts.length;
            for (int i = 0; i < charts.length; i++) {
                charts[i].draw(g, new Rectangle(i * w, 0, w, height));
            }
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.toLowerCase(java.util.Locale.ROOT).contains("font")) {
                throw new IllegalStateException("cannot draw the plot: this Java runtime finds no fonts (" + m
                        + "); install fontconfig and a font, e.g. apt-get install fontconfig fonts-dejavu-core", e);
            }
            throw e;
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Writes {@code image} to {@code path} as PNG (creating the parent folder), atomically.
     *
     * @throws IOException when the file cannot be written (an existing file is then unchanged)
     */
    public static void writePng(BufferedImage image, Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = TemporaryFiles.create(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer is available in this Java runtime");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
