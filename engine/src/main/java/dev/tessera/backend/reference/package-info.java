/**
 * The reference backend: scalar FLOAT64 loops over strided heap buffers, written for clarity rather than speed. It is
 * the executable specification of every primitive of the Backend SPI: the conformance suite checks each other
 * backend against it. Available as device {@code reference}; slow, so {@code Device.auto()} picks it only when no other backend starts.
 */
package dev.tessera.backend.reference;
