package dev.tessera.opencl;

import org.jocl.cl_kernel;

/**
 * A built kernel and its name (for error messages). Kernel objects are shared, so their arguments are only set
 * under the {@link Launcher}'s lock.
 *
 * @param name   the kernel function's name
 * @param handle the OpenCL kernel object
 */
record ClKernel(String name, cl_kernel handle) {
}
