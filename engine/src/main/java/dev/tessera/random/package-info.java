/**
 * Tessera's random-number specification: {@link dev.tessera.random.Philox}, the counter-based Philox4x32-10 generator
 * and the mapping of its words to uniform and normal values, which every backend reproduces bit for bit so that one
 * seed gives the same numbers on every device.
 */
package dev.tessera.random;
