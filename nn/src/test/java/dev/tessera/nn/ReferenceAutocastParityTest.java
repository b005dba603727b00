package dev.tessera.nn;

/** The autocast parity cases on the reference backend. */
class ReferenceAutocastParityTest extends AutocastParityTest {
    @Override
    protected String deviceSpec() {
        return "reference";
    }
}
