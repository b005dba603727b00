/**
 * Autograd controls for user code: {@link dev.tessera.autograd.GradMode} switches gradient recording off on the
 * current thread (inference, parameter updates), and {@link dev.tessera.autograd.GradientChecker} compares analytic
 * gradients with central finite differences in FLOAT64, for any function written with the public API.
 */
package dev.tessera.autograd;
