package dev.tessera.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {
    @Test
    void matchesTabulatedValues() {
        // Values from Abramowitz & Stegun table 7.1 / high-precision references.
        assertEquals(0.0, Erf.erf(0.0), 0);
        assertEquals(0.5204998778130465, Erf.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Erf.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, Erf.erf(2.0), 1e-15);
        assertEquals(0.9999779095030014, Erf.erf(3.0), 1e-15);
        assertEquals(0.9999992569016276, Erf.erf(3.5), 1e-15);
        assertEquals(-0.8427007929497149, Erf.erf(-1.0), 1e-15);
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0);
    }

    @Test
    void derivativeIsTheGaussianDensity() {
        for (double x = -4; x <= 4; x += 0.37) {
            double h = 1e-5;
            double numeric = (Erf.erf(x + h) - Erf.erf(x - h)) / (2 * h);
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-x * x), numeric, 1e-9, "at " + x);
        }
    }
}
