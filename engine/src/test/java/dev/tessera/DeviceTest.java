package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void devicesAreOpenedOnceAndNamedBySpec() {
        Device a = Device.of("reference");
        assertSame(a, Device.of("reference:0"));
        assertEquals("reference", a.spec());
        assertTrue(Device.list().stream().anyMatch(i -> i.spec().equals("reference")));
    }

    @Test
    void unknownOrMissingDevicesFailWithTheReason() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Device.of("tpu:0"));
        assertTrue(e.getMessage().contains("no backend named 'tpu'") && e.getMessage().contains("reference"),
                e.getMessage());
        e = assertThrows(DeviceUnavailableException.class, () -> Device.of("reference:3"));
        assertTrue(e.getMessage().contains("reference:3"), e.getMessage());
        e = assertThrows(DeviceUnavailableException.class, () -> Device.of("cuda:x"));
        assertTrue(e.getMessage().contains("expected name or name:index"), e.getMessage());
    }
}
