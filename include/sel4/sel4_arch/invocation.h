/* x86_64 invocation labels (enum sel4_arch_invocation_label). */
#pragma once

enum sel4_arch_invocation_label {
    X86PDPTMap = 31,
    X86PDPTUnmap,
    nSeL4ArchInvocationLabels
};
