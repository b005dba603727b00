package dev.tessera.cpu;

import dev.tessera.nn.AutocastParityTest;

/** The autocast parity cases (an MLP and a CNN under BF16 autocast against PyTorch) on the CPU backend. */
class CpuAutocastParityTest extends AutocastParityTest {
    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
