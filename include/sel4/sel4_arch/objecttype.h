/* x86_64 object types (KernelHugePage=ON). */
#pragma once

typedef enum _mode_object {
    seL4_X86_PDPTObject = seL4_NonArchObjectTypeCount,
    seL4_X64_PML4Object,
    seL4_X64_HugePageObject,
    seL4_ModeObjectTypeCount
} seL4_seL4ArchObjectType;

typedef seL4_Word seL4_X64_ObjectType;
