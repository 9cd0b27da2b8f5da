/* x86 invocation labels (enum arch_invocation_label). */
#pragma once

enum arch_invocation_label {
    X86PageDirectoryMap = 33,
    X86PageDirectoryUnmap,
    X86PageTableMap,
    X86PageTableUnmap,
    X86PageMap,
    X86PageUnmap,
    X86PageGetAddress,
    X86ASIDControlMakePool,
    X86ASIDPoolAssign,
    X86IOPortControlIssue,
    X86IOPortIn8,
    X86IOPortIn16,
    X86IOPortIn32,
    X86IOPortOut8,
    X86IOPortOut16,
    X86IOPortOut32,
    X86IRQIssueIRQHandlerIOAPIC,
    X86IRQIssueIRQHandlerMSI,
    nArchInvocationLabels
};
