package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks that a file is a real PNG plot: it decodes, has the expected size and is not blank. */
final class Images {
    private Images() {
    }

    /** Asserts {@code png} decodes to a {@code width x height} image with many colours (axes, text, data). */
    static BufferedImage assertPlot(Path png, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is not a readable image");
        assertEquals(width, img.getWidth(), "width of " + png);
        assertEquals(height, img.getHeight(), "height of " + png);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, png + " has only " + colours.size() + " colours: a blank picture?");
        return img;
    }
}
