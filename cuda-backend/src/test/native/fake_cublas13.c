/*
 * A stand-in for libcublas.so.13 in the bridge test: three real cuBLAS entry points with recognisable results.
 * Built by CublasBridgeTest with gcc into a library whose soname is libcublas.so.13.
 */
static int created;

int cublasCreate_v2(void **handle) {
    created++;
    *handle = (void *) 0x13;
    return 0;
}

int cublasGetVersion_v2(void *handle, int *version) {
    *version = handle == (void *) 0x13 ? 130042 + created : -1;
    return 0;
}

int cublasDestroy_v2(void *handle) {
    return handle == (void *) 0x13 ? 0 : 7;
}
