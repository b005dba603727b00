/*
 * A forwarding library with soname libcublas.so.12 for machines that have only libcublas.so.13: it lets JCublas2
 * 12.6.0 (linked against libcublas.so.12) run on CUDA 13.
 *
 * Each cuBLAS function JCublas2 imports is defined here as a two-instruction stub, exported with the symbol version
 * node libcublas.so.12 (the version script generated next to cublas_symbols.h), that loads its index into r11 and
 * jumps through a table of targets. A constructor fills the table with the same-named functions of libcublas.so.13
 * (dlopen + dlsym) when the library is loaded. The stub leaves every argument register and the stack untouched, so
 * it forwards any signature. A function that libcublas.so.13 lacks jumps to a handler that names it on stderr and
 * returns CUBLAS_STATUS_NOT_SUPPORTED.
 *
 * cublas_symbols.h is generated at build time (build-bridge.sh) from `nm -D --undefined-only` of JCublas2's native
 * library: one BRIDGE_SYMBOL(index, name) line per imported cuBLAS function, and BRIDGE_SYMBOL_COUNT.
 * x86-64 System V only (the GPU machines are x86-64 Linux).
 */
#include <dlfcn.h>
#include <stdio.h>

#include "cublas_symbols.h"

#define CUBLAS_STATUS_NOT_SUPPORTED 15

/* The forwarding targets, indexed like the stubs; hidden so the stubs reach them RIP-relative. */
__attribute__((visibility("hidden"))) void *tessera_cublas_targets[BRIDGE_SYMBOL_COUNT];

static const char *const tessera_cublas_names[BRIDGE_SYMBOL_COUNT] = {
#define BRIDGE_SYMBOL(index, name) [index] = #name,
#include "cublas_symbols.h"
#undef BRIDGE_SYMBOL
};

/* Called (by tail jump from tessera_cublas_missing) with the index of a function libcublas.so.13 does not have. */
__attribute__((visibility("hidden"), used)) int tessera_cublas_report_missing(int index) {
    fprintf(stderr, "tessera cublas bridge: %s is not provided by libcublas.so.13; returning "
            "CUBLAS_STATUS_NOT_SUPPORTED\n", tessera_cublas_names[index]);
    return CUBLAS_STATUS_NOT_SUPPORTED;
}

/* The stubs, and the handler that passes the stub's index (r11) on as the first argument. */
__asm__(".text\n"
        ".globl tessera_cublas_missing\n"
        ".hidden tessera_cublas_missing\n"
        ".type tessera_cublas_missing, @function\n"
        "tessera_cublas_missing:\n"
        "    movl %r11d, %edi\n"
        "    jmp tessera_cublas_report_missing\n"
        ".size tessera_cublas_missing, .-tessera_cublas_missing\n");

#define BRIDGE_SYMBOL(index, name)                                                  \
    __asm__(".text\n"                                                               \
            ".globl " #name "\n"                                                    \
            ".type " #name ", @function\n"                                          \
            #name ":\n"                                                             \
            "    movl $" #index ", %r11d\n"                                         \
            "    jmp *tessera_cublas_targets+8*" #index "(%rip)\n"                  \
            ".size " #name ", .-" #name "\n");
#include "cublas_symbols.h"
#undef BRIDGE_SYMBOL

void tessera_cublas_missing(void);

__attribute__((constructor)) static void tessera_cublas_bridge_init(void) {
    void *lib = dlopen("libcublas.so.13", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "tessera cublas bridge: cannot open libcublas.so.13 (%s); every cuBLAS call will return "
                "CUBLAS_STATUS_NOT_SUPPORTED\n", dlerror());
    }
    for (int i = 0; i < BRIDGE_SYMBOL_COUNT; i++) {
        void *target = lib == NULL ? NULL : dlsym(lib, tessera_cublas_names[i]);
        tessera_cublas_targets[i] = target != NULL ? target : (void *) tessera_cublas_missing;
    }
}
