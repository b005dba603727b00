package dev.tessera.conformance;

/** Fuzzes core's ops in FLOAT32 on the reference backend against FLOAT64 (also exercises the fuzzer itself). */
class ReferenceFuzzTest extends BackendFuzzTest {
    @Override
    protected String deviceSpec() {
        return "reference";
    }
}
