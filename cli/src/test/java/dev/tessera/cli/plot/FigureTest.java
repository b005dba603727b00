package dev.tessera.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts drawn into images and saved as PNG. */
class FigureTest {
    @TempDir
    Path dir;

    @Test
    void drawsTheSeriesColoursInsideTheFrameAndSavesAPng() throws Exception {
        LineChart c = new LineChart("t", "x", "y").series("a", new double[]{0, 1, 2}, new double[]{0, 1, 4},
                Palette.color(0), false);
        ScatterChart s = new ScatterChart("s", "x", "y", new double[]{0, 1}, new double[]{1, 0}, new int[]{0, 1},
                List.of("zero", "one")).center(0.5, 0.5, 1);
        BufferedImage img = Figure.row(800, 400, c, s);
        assertTrue(count(img, Palette.color(0)) > 50, "the line is drawn");
        assertTrue(count(img, Palette.color(1)) > 20, "the second group's points are drawn");
        Path png = dir.resolve("sub/f.png");
        Figure.writePng(img, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(800, back.getWidth());
        assertEquals(400, back.getHeight());
        assertEquals(img.getRGB(400, 200), back.getRGB(400, 200));
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void rejectsMisshapenInput() {
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").series("a",
                new double[]{1}, new double[]{1, 2}, Color.RED, false));
        assertThrows(IllegalArgumentException.class, () -> new ScatterChart("s", "x", "y", new double[]{0},
                new double[]{0}, new int[]{2}, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> Figure.row(100, 100, new LineChart("t", "x", "y")));
    }

    private static int count(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
