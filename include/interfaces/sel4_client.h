/*
 * The object invocations of libsel4 for x86_64, non-MCS (libsel4's generated
 * interfaces/sel4_client.h), from object-api.xml, object-api-sel4-arch.xml
 * (x86_64) and object-api-arch.xml (x86). Methods under MCS, SMP, VT-x, IOMMU,
 * IA32, CHERI or the hardware debug API are compiled out, as in this
 * configuration.
 *
 * Every method is a seL4_Call on the object cap with the invocation label,
 * marshaled as libsel4's stub generator does (this is the kernel's ABI):
 *  - capability arguments go to the IPC buffer caps (seL4_SetCap) in
 *    declaration order; extraCaps = their number;
 *  - the other arguments are packed in declaration order, each aligned up to
 *    min(its size, 64 bits) after the previous one (seL4_Bool is 1 bit), so
 *    small ones can share a word; MR0..MR3 go in registers through
 *    seL4_CallWithMRs, MR4 and up through seL4_SetMR; length = words used;
 *  - the result is the reply label as seL4_Error; on error MR0..MR3 are
 *    stored back into the IPC buffer so seL4_GetMR() shows the details;
 *  - results are unpacked from the reply MRs by the same packing rule.
 */
#pragma once

#include <autoconf.h>
#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/invocation.h>
#include <sel4/sel4_arch/syscalls.h>

/*
 * Result types. As libsel4, a struct is defined for every method with
 * results, including methods compiled out of this configuration.
 */
struct seL4_TCB_GetBreakpoint {
    int error;
    seL4_Word vaddr;
    seL4_Word type;
    seL4_Word size;
    seL4_Word rw;
    seL4_Bool is_enabled;
};
typedef struct seL4_TCB_GetBreakpoint seL4_TCB_GetBreakpoint_t;

struct seL4_TCB_ConfigureSingleStepping {
    int error;
    seL4_Bool bp_was_consumed;
};
typedef struct seL4_TCB_ConfigureSingleStepping seL4_TCB_ConfigureSingleStepping_t;

struct seL4_TCB_SetFlags {
    int error;
    seL4_Word flags;
};
typedef struct seL4_TCB_SetFlags seL4_TCB_SetFlags_t;

struct seL4_SchedContext_Consumed {
    int error;
    seL4_Time consumed;
};
typedef struct seL4_SchedContext_Consumed seL4_SchedContext_Consumed_t;

struct seL4_SchedContext_YieldTo {
    int error;
    seL4_Time consumed;
};
typedef struct seL4_SchedContext_YieldTo seL4_SchedContext_YieldTo_t;

struct seL4_X86_VCPU_ReadMSR {
    int error;
    seL4_Word value;
};
typedef struct seL4_X86_VCPU_ReadMSR seL4_X86_VCPU_ReadMSR_t;

struct seL4_X86_VCPU_WriteMSR {
    int error;
    seL4_Word written;
};
typedef struct seL4_X86_VCPU_WriteMSR seL4_X86_VCPU_WriteMSR_t;

struct seL4_X86_PageDirectory_GetStatusBits {
    int error;
    seL4_Word accessed;
    seL4_Word dirty;
};
typedef struct seL4_X86_PageDirectory_GetStatusBits seL4_X86_PageDirectory_GetStatusBits_t;

struct seL4_X86_Page_GetAddress {
    int error;
    seL4_Word paddr;
};
typedef struct seL4_X86_Page_GetAddress seL4_X86_Page_GetAddress_t;

struct seL4_X86_IOPort_In8 {
    int error;
    seL4_Uint8 result;
};
typedef struct seL4_X86_IOPort_In8 seL4_X86_IOPort_In8_t;

struct seL4_X86_IOPort_In16 {
    int error;
    seL4_Uint16 result;
};
typedef struct seL4_X86_IOPort_In16 seL4_X86_IOPort_In16_t;

struct seL4_X86_IOPort_In32 {
    int error;
    seL4_Uint32 result;
};
typedef struct seL4_X86_IOPort_In32 seL4_X86_IOPort_In32_t;

struct seL4_X86_VCPU_ReadVMCS {
    int error;
    seL4_Word value;
};
typedef struct seL4_X86_VCPU_ReadVMCS seL4_X86_VCPU_ReadVMCS_t;

struct seL4_X86_VCPU_WriteVMCS {
    int error;
    seL4_Word written;
};
typedef struct seL4_X86_VCPU_WriteVMCS seL4_X86_VCPU_WriteVMCS_t;

/* seL4_Untyped */

/*
 * Create num_objects objects of a type from an untyped, with caps from node_offset in the CNode
 * (root, node_index, node_depth). Label UntypedRetype; MR0 type, MR1 size_bits, MR2 node_index,
 * MR3 node_depth, MR4 node_offset, MR5 num_objects; cap0 root.
 */
LIBSEL4_INLINE seL4_Error seL4_Untyped_Retype(seL4_Untyped _service, seL4_Word type,
                                              seL4_Word size_bits, seL4_CNode root,
                                              seL4_Word node_index, seL4_Word node_depth,
                                              seL4_Word node_offset, seL4_Word num_objects)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(UntypedRetype, 0, 1, 6);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, root);
    mr0 = type;
    mr1 = size_bits;
    mr2 = node_index;
    mr3 = node_depth;
    seL4_SetMR(4, node_offset);
    seL4_SetMR(5, num_objects);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_TCB */

/*
 * Read the first count registers of a thread into regs. Label TCBReadRegisters; MR0
 * suspend_source bit 0 | arch_flags bits 15..8, MR1 count. Reply: regs in MR0..MR19.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_ReadRegisters(seL4_TCB _service, seL4_Bool suspend_source,
                                                 seL4_Uint8 arch_flags, seL4_Word count,
                                                 seL4_UserContext *regs)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = (suspend_source & 0x1ull) | ((arch_flags & 0xffull) << 8);
    mr1 = count;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }

    regs->rip = mr0;
    regs->rsp = mr1;
    regs->rflags = mr2;
    regs->rax = mr3;
    regs->rbx = seL4_GetMR(4);
    regs->rcx = seL4_GetMR(5);
    regs->rdx = seL4_GetMR(6);
    regs->rsi = seL4_GetMR(7);
    regs->rdi = seL4_GetMR(8);
    regs->rbp = seL4_GetMR(9);
    regs->r8 = seL4_GetMR(10);
    regs->r9 = seL4_GetMR(11);
    regs->r10 = seL4_GetMR(12);
    regs->r11 = seL4_GetMR(13);
    regs->r12 = seL4_GetMR(14);
    regs->r13 = seL4_GetMR(15);
    regs->r14 = seL4_GetMR(16);
    regs->r15 = seL4_GetMR(17);
    regs->fs_base = seL4_GetMR(18);
    regs->gs_base = seL4_GetMR(19);
    return result;
}

/*
 * Set the first count registers of a thread from regs (all 20 are sent). Label
 * TCBWriteRegisters; MR0 resume_target bit 0 | arch_flags bits 15..8, MR1 count, regs in
 * MR2..MR21.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_WriteRegisters(seL4_TCB _service, seL4_Bool resume_target,
                                                  seL4_Uint8 arch_flags, seL4_Word count,
                                                  seL4_UserContext *regs)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 22);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = (resume_target & 0x1ull) | ((arch_flags & 0xffull) << 8);
    mr1 = count;
    mr2 = regs->rip;
    mr3 = regs->rsp;
    seL4_SetMR(4, regs->rflags);
    seL4_SetMR(5, regs->rax);
    seL4_SetMR(6, regs->rbx);
    seL4_SetMR(7, regs->rcx);
    seL4_SetMR(8, regs->rdx);
    seL4_SetMR(9, regs->rsi);
    seL4_SetMR(10, regs->rdi);
    seL4_SetMR(11, regs->rbp);
    seL4_SetMR(12, regs->r8);
    seL4_SetMR(13, regs->r9);
    seL4_SetMR(14, regs->r10);
    seL4_SetMR(15, regs->r11);
    seL4_SetMR(16, regs->r12);
    seL4_SetMR(17, regs->r13);
    seL4_SetMR(18, regs->r14);
    seL4_SetMR(19, regs->r15);
    seL4_SetMR(20, regs->fs_base);
    seL4_SetMR(21, regs->gs_base);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Copy registers from source to this thread. Label TCBCopyRegisters; MR0 suspend_source bit 0 |
 * resume_target bit 1 | transfer_frame bit 2 | transfer_integer bit 3 | arch_flags bits 15..8;
 * cap0 source.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_CopyRegisters(seL4_TCB _service, seL4_TCB source,
                                                 seL4_Bool suspend_source, seL4_Bool resume_target,
                                                 seL4_Bool transfer_frame,
                                                 seL4_Bool transfer_integer, seL4_Uint8 arch_flags)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBCopyRegisters, 0, 1, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, source);
    mr0 = (suspend_source & 0x1ull) | ((resume_target & 0x1ull) << 1) |
          ((transfer_frame & 0x1ull) << 2) | ((transfer_integer & 0x1ull) << 3) |
          ((arch_flags & 0xffull) << 8);
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Set fault endpoint (a CPtr in the thread's CSpace, passed as a word), CSpace, VSpace and IPC
 * buffer. Label TCBConfigure; MR0 fault_ep, MR1 cspace_root_data, MR2 vspace_root_data, MR3
 * buffer; cap0 cspace_root, cap1 vspace_root, cap2 bufferFrame.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_Configure(seL4_TCB _service, seL4_Word fault_ep,
                                             seL4_CNode cspace_root, seL4_Word cspace_root_data,
                                             seL4_CPtr vspace_root, seL4_Word vspace_root_data,
                                             seL4_Word buffer, seL4_CPtr bufferFrame)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBConfigure, 0, 3, 4);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, cspace_root);
    seL4_SetCap(1, vspace_root);
    seL4_SetCap(2, bufferFrame);
    mr0 = fault_ep;
    mr1 = cspace_root_data;
    mr2 = vspace_root_data;
    mr3 = buffer;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Set the priority, checked against authority's MCP. Label TCBSetPriority; MR0 priority; cap0
 * authority.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetPriority(seL4_TCB _service, seL4_TCB authority,
                                               seL4_Word priority)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetPriority, 0, 1, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, authority);
    mr0 = priority;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Set the maximum controlled priority, checked against authority's MCP. Label TCBSetMCPriority;
 * MR0 mcp; cap0 authority.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetMCPriority(seL4_TCB _service, seL4_TCB authority,
                                                 seL4_Word mcp)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetMCPriority, 0, 1, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, authority);
    mr0 = mcp;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Set MCP and priority together. Label TCBSetSchedParams; MR0 mcp, MR1 priority; cap0 authority. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetSchedParams(seL4_TCB _service, seL4_TCB authority,
                                                  seL4_Word mcp, seL4_Word priority)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetSchedParams, 0, 1, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, authority);
    mr0 = mcp;
    mr1 = priority;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Set the IPC buffer address and its frame. Label TCBSetIPCBuffer; MR0 buffer; cap0 bufferFrame. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB _service, seL4_Word buffer,
                                                seL4_CPtr bufferFrame)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetIPCBuffer, 0, 1, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, bufferFrame);
    mr0 = buffer;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Set fault endpoint (a word), CSpace and VSpace. Label TCBSetSpace; MR0 fault_ep, MR1
 * cspace_root_data, MR2 vspace_root_data; cap0 cspace_root, cap1 vspace_root.
 */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetSpace(seL4_TCB _service, seL4_Word fault_ep,
                                            seL4_CNode cspace_root, seL4_Word cspace_root_data,
                                            seL4_CPtr vspace_root, seL4_Word vspace_root_data)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetSpace, 0, 2, 3);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, cspace_root);
    seL4_SetCap(1, vspace_root);
    mr0 = fault_ep;
    mr1 = cspace_root_data;
    mr2 = vspace_root_data;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Suspend the thread. Label TCBSuspend; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_TCB_Suspend(seL4_TCB _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSuspend, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Resume the thread. Label TCBResume; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_TCB_Resume(seL4_TCB _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBResume, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Bind a notification to the thread. Label TCBBindNotification; no MRs; cap0 notification. */
LIBSEL4_INLINE seL4_Error seL4_TCB_BindNotification(seL4_TCB _service, seL4_CPtr notification)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBBindNotification, 0, 1, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, notification);
    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Unbind the thread's notification. Label TCBUnbindNotification; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_TCB_UnbindNotification(seL4_TCB _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBUnbindNotification, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Set the thread's TLS base (FS base on x86_64). Label TCBSetTLSBase; MR0 tls_base. */
LIBSEL4_INLINE seL4_Error seL4_TCB_SetTLSBase(seL4_TCB _service, seL4_Word tls_base)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetTLSBase, 0, 0, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = tls_base;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Clear then set seL4_TCBFlag bits; returns the resulting flags. Label TCBSetFlags; MR0 clear,
 * MR1 set. Reply: MR0 flags.
 */
LIBSEL4_INLINE seL4_TCB_SetFlags_t seL4_TCB_SetFlags(seL4_TCB _service, seL4_Word clear,
                                                     seL4_Word set)
{
    seL4_TCB_SetFlags_t result = {0, 0};
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(TCBSetFlags, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = clear;
    mr1 = set;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result.error = (int)seL4_MessageInfo_get_label(output_tag);

    if (result.error != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }

    result.flags = mr0;
    return result;
}

/* seL4_CNode */

/* Delete all children of a capability. Label CNodeRevoke; MR0 index, MR1 depth bits 7..0. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Revoke(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeRevoke, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Delete a capability. Label CNodeDelete; MR0 index, MR1 depth bits 7..0. */
LIBSEL4_INLINE seL4_Error seL4_CNode_Delete(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeDelete, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Cancel sends pending with the badge of an endpoint capability. Label CNodeCancelBadgedSends;
 * MR0 index, MR1 depth bits 7..0.
 */
LIBSEL4_INLINE seL4_Error seL4_CNode_CancelBadgedSends(seL4_CNode _service, seL4_Word index,
                                                       seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeCancelBadgedSends, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Copy a capability with (possibly fewer) rights. Label CNodeCopy; MR0 dest_index, MR1
 * dest_depth bits 7..0, MR2 src_index, MR3 src_depth bits 7..0, MR4 rights; cap0 src_root.
 */
LIBSEL4_INLINE seL4_Error seL4_CNode_Copy(seL4_CNode _service, seL4_Word dest_index,
                                          seL4_Uint8 dest_depth, seL4_CNode src_root,
                                          seL4_Word src_index, seL4_Uint8 src_depth,
                                          seL4_CapRights_t rights)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeCopy, 0, 1, 5);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, src_root);
    mr0 = dest_index;
    mr1 = (dest_depth & 0xffull);
    mr2 = src_index;
    mr3 = (src_depth & 0xffull);
    seL4_SetMR(4, rights.words[0]);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Copy a capability with rights and a badge (or CNode guard). Label CNodeMint; MR0 dest_index,
 * MR1 dest_depth bits 7..0, MR2 src_index, MR3 src_depth bits 7..0, MR4 rights, MR5 badge; cap0
 * src_root.
 */
LIBSEL4_INLINE seL4_Error seL4_CNode_Mint(seL4_CNode _service, seL4_Word dest_index,
                                          seL4_Uint8 dest_depth, seL4_CNode src_root,
                                          seL4_Word src_index, seL4_Uint8 src_depth,
                                          seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeMint, 0, 1, 6);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, src_root);
    mr0 = dest_index;
    mr1 = (dest_depth & 0xffull);
    mr2 = src_index;
    mr3 = (src_depth & 0xffull);
    seL4_SetMR(4, rights.words[0]);
    seL4_SetMR(5, badge);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Move a capability. Label CNodeMove; MR0 dest_index, MR1 dest_depth bits 7..0, MR2 src_index,
 * MR3 src_depth bits 7..0; cap0 src_root.
 */
LIBSEL4_INLINE seL4_Error seL4_CNode_Move(seL4_CNode _service, seL4_Word dest_index,
                                          seL4_Uint8 dest_depth, seL4_CNode src_root,
                                          seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeMove, 0, 1, 4);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, src_root);
    mr0 = dest_index;
    mr1 = (dest_depth & 0xffull);
    mr2 = src_index;
    mr3 = (src_depth & 0xffull);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Move a capability, setting its badge or guard. Label CNodeMutate; MR0 dest_index, MR1
 * dest_depth bits 7..0, MR2 src_index, MR3 src_depth bits 7..0, MR4 badge; cap0 src_root.
 */
LIBSEL4_INLINE seL4_Error seL4_CNode_Mutate(seL4_CNode _service, seL4_Word dest_index,
                                            seL4_Uint8 dest_depth, seL4_CNode src_root,
                                            seL4_Word src_index, seL4_Uint8 src_depth,
                                            seL4_Word badge)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeMutate, 0, 1, 5);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, src_root);
    mr0 = dest_index;
    mr1 = (dest_depth & 0xffull);
    mr2 = src_index;
    mr3 = (src_depth & 0xffull);
    seL4_SetMR(4, badge);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Move pivot to dest and src to pivot. Label CNodeRotate; MR0 dest_index, MR1 dest_depth bits
 * 7..0, MR2 dest_badge, MR3 pivot_index, MR4 pivot_depth bits 7..0, MR5 pivot_badge, MR6
 * src_index, MR7 src_depth bits 7..0; cap0 pivot_root, cap1 src_root.
 */
LIBSEL4_INLINE seL4_Error seL4_CNode_Rotate(seL4_CNode _service, seL4_Word dest_index,
                                            seL4_Uint8 dest_depth, seL4_Word dest_badge,
                                            seL4_CNode pivot_root, seL4_Word pivot_index,
                                            seL4_Uint8 pivot_depth, seL4_Word pivot_badge,
                                            seL4_CNode src_root, seL4_Word src_index,
                                            seL4_Uint8 src_depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeRotate, 0, 2, 8);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, pivot_root);
    seL4_SetCap(1, src_root);
    mr0 = dest_index;
    mr1 = (dest_depth & 0xffull);
    mr2 = dest_badge;
    mr3 = pivot_index;
    seL4_SetMR(4, (pivot_depth & 0xffull));
    seL4_SetMR(5, pivot_badge);
    seL4_SetMR(6, src_index);
    seL4_SetMR(7, (src_depth & 0xffull));

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Save the reply capability into a slot. Label CNodeSaveCaller; MR0 index, MR1 depth bits 7..0. */
LIBSEL4_INLINE seL4_Error seL4_CNode_SaveCaller(seL4_CNode _service, seL4_Word index,
                                                seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(CNodeSaveCaller, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_IRQControl */

/*
 * Create an IRQ handler capability for an ISA IRQ. Label IRQIssueIRQHandler; MR0 irq, MR1 index,
 * MR2 depth bits 7..0; cap0 root.
 */
LIBSEL4_INLINE seL4_Error seL4_IRQControl_Get(seL4_IRQControl _service, seL4_Word irq,
                                              seL4_CNode root, seL4_Word index, seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(IRQIssueIRQHandler, 0, 1, 3);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, root);
    mr0 = irq;
    mr1 = index;
    mr2 = (depth & 0xffull);
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_IRQHandler */

/* Acknowledge an interrupt. Label IRQAckIRQ; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_IRQHandler_Ack(seL4_IRQHandler _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(IRQAckIRQ, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Set the notification signalled on the interrupt. Label IRQSetIRQHandler; no MRs; cap0
 * notification.
 */
LIBSEL4_INLINE seL4_Error seL4_IRQHandler_SetNotification(seL4_IRQHandler _service,
                                                          seL4_CPtr notification)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(IRQSetIRQHandler, 0, 1, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, notification);
    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Clear the notification. Label IRQClearIRQHandler; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_IRQHandler_Clear(seL4_IRQHandler _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(IRQClearIRQHandler, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_DomainSet */

/* Set the domain of a thread. Label DomainSetSet; MR0 domain bits 7..0; cap0 thread. */
LIBSEL4_INLINE seL4_Error seL4_DomainSet_Set(seL4_DomainSet _service, seL4_Uint8 domain,
                                             seL4_TCB thread)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(DomainSetSet, 0, 1, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, thread);
    mr0 = (domain & 0xffull);
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_PDPT */

/* Map a PDPT into a PML4. Label X86PDPTMap; MR0 vaddr, MR1 attr; cap0 pml4. */
LIBSEL4_INLINE seL4_Error seL4_X86_PDPT_Map(seL4_X86_PDPT _service, seL4_X64_PML4 pml4,
                                            seL4_Word vaddr, seL4_X86_VMAttributes attr)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PDPTMap, 0, 1, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, pml4);
    mr0 = vaddr;
    mr1 = attr;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Unmap a PDPT. Label X86PDPTUnmap; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_X86_PDPT_Unmap(seL4_X86_PDPT _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PDPTUnmap, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_PageDirectory */

/*
 * Map a page directory into a VSpace. Label X86PageDirectoryMap; MR0 vaddr, MR1 attr; cap0
 * vspace.
 */
LIBSEL4_INLINE seL4_Error seL4_X86_PageDirectory_Map(seL4_X86_PageDirectory _service,
                                                     seL4_CPtr vspace, seL4_Word vaddr,
                                                     seL4_X86_VMAttributes attr)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageDirectoryMap, 0, 1, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, vspace);
    mr0 = vaddr;
    mr1 = attr;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Unmap a page directory. Label X86PageDirectoryUnmap; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_X86_PageDirectory_Unmap(seL4_X86_PageDirectory _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageDirectoryUnmap, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_PageTable */

/* Map a page table into a VSpace. Label X86PageTableMap; MR0 vaddr, MR1 attr; cap0 vspace. */
LIBSEL4_INLINE seL4_Error seL4_X86_PageTable_Map(seL4_X86_PageTable _service, seL4_CPtr vspace,
                                                 seL4_Word vaddr, seL4_X86_VMAttributes attr)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageTableMap, 0, 1, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, vspace);
    mr0 = vaddr;
    mr1 = attr;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Unmap a page table. Label X86PageTableUnmap; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_X86_PageTable_Unmap(seL4_X86_PageTable _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageTableUnmap, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_Page */

/*
 * Map a frame, or remap it with new rights/attributes. Label X86PageMap; MR0 vaddr, MR1 rights,
 * MR2 attr; cap0 vspace.
 */
LIBSEL4_INLINE seL4_Error seL4_X86_Page_Map(seL4_X86_Page _service, seL4_CPtr vspace,
                                            seL4_Word vaddr, seL4_CapRights_t rights,
                                            seL4_X86_VMAttributes attr)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageMap, 0, 1, 3);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, vspace);
    mr0 = vaddr;
    mr1 = rights.words[0];
    mr2 = attr;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Unmap a frame. Label X86PageUnmap; no MRs. */
LIBSEL4_INLINE seL4_Error seL4_X86_Page_Unmap(seL4_X86_Page _service)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageUnmap, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Physical address of a frame. Label X86PageGetAddress; no MRs. Reply: MR0 paddr. */
LIBSEL4_INLINE seL4_X86_Page_GetAddress_t seL4_X86_Page_GetAddress(seL4_X86_Page _service)
{
    seL4_X86_Page_GetAddress_t result = {0, 0};
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86PageGetAddress, 0, 0, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result.error = (int)seL4_MessageInfo_get_label(output_tag);

    if (result.error != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }

    result.paddr = mr0;
    return result;
}

/* seL4_X86_ASIDControl */

/*
 * Turn a 4 KiB untyped into an ASID pool. Label X86ASIDControlMakePool; MR0 index, MR1 depth
 * bits 7..0; cap0 untyped, cap1 root.
 */
LIBSEL4_INLINE seL4_Error seL4_X86_ASIDControl_MakePool(seL4_X86_ASIDControl _service,
                                                        seL4_Untyped untyped, seL4_CNode root,
                                                        seL4_Word index, seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86ASIDControlMakePool, 0, 2, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, untyped);
    seL4_SetCap(1, root);
    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_ASIDPool */

/* Give a VSpace an ASID from the pool. Label X86ASIDPoolAssign; no MRs; cap0 vspace. */
LIBSEL4_INLINE seL4_Error seL4_X86_ASIDPool_Assign(seL4_X86_ASIDPool _service, seL4_CPtr vspace)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86ASIDPoolAssign, 0, 1, 0);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, vspace);
    mr0 = 0;
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_IOPortControl */

/*
 * Create an I/O port capability for [first_port, last_port]. Label X86IOPortControlIssue; MR0
 * first_port, MR1 last_port, MR2 index, MR3 depth bits 7..0; cap0 root.
 */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPortControl_Issue(seL4_X86_IOPortControl _service,
                                                       seL4_Word first_port, seL4_Word last_port,
                                                       seL4_CNode root, seL4_Word index,
                                                       seL4_Uint8 depth)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortControlIssue, 0, 1, 4);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, root);
    mr0 = first_port;
    mr1 = last_port;
    mr2 = index;
    mr3 = (depth & 0xffull);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_X86_IOPort */

/*
 * Read 8 bits from an I/O port. Label X86IOPortIn8; MR0 port bits 15..0. Reply: MR0 result bits
 * 7..0.
 */
LIBSEL4_INLINE seL4_X86_IOPort_In8_t seL4_X86_IOPort_In8(seL4_X86_IOPort _service, seL4_Uint16 port)
{
    seL4_X86_IOPort_In8_t result = {0, 0};
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortIn8, 0, 0, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = (port & 0xffffull);
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result.error = (int)seL4_MessageInfo_get_label(output_tag);

    if (result.error != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }

    result.result = (mr0 & 0xff);
    return result;
}

/*
 * Read 16 bits from an I/O port. Label X86IOPortIn16; MR0 port bits 15..0. Reply: MR0 result
 * bits 15..0.
 */
LIBSEL4_INLINE seL4_X86_IOPort_In16_t seL4_X86_IOPort_In16(seL4_X86_IOPort _service,
                                                           seL4_Uint16 port)
{
    seL4_X86_IOPort_In16_t result = {0, 0};
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortIn16, 0, 0, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = (port & 0xffffull);
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result.error = (int)seL4_MessageInfo_get_label(output_tag);

    if (result.error != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }

    result.result = (mr0 & 0xffff);
    return result;
}

/*
 * Read 32 bits from an I/O port. Label X86IOPortIn32; MR0 port bits 15..0. Reply: MR0 result
 * bits 31..0.
 */
LIBSEL4_INLINE seL4_X86_IOPort_In32_t seL4_X86_IOPort_In32(seL4_X86_IOPort _service,
                                                           seL4_Uint16 port)
{
    seL4_X86_IOPort_In32_t result = {0, 0};
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortIn32, 0, 0, 1);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = (port & 0xffffull);
    mr1 = 0;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result.error = (int)seL4_MessageInfo_get_label(output_tag);

    if (result.error != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }

    result.result = (mr0 & 0xffffffff);
    return result;
}

/* Write 8 bits to an I/O port. Label X86IOPortOut8; MR0 port, MR1 data. */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPort_Out8(seL4_X86_IOPort _service, seL4_Word port,
                                               seL4_Word data)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortOut8, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = port;
    mr1 = data;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Write 16 bits to an I/O port. Label X86IOPortOut16; MR0 port, MR1 data. */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPort_Out16(seL4_X86_IOPort _service, seL4_Word port,
                                                seL4_Word data)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortOut16, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = port;
    mr1 = data;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* Write 32 bits to an I/O port. Label X86IOPortOut32; MR0 port, MR1 data. */
LIBSEL4_INLINE seL4_Error seL4_X86_IOPort_Out32(seL4_X86_IOPort _service, seL4_Word port,
                                                seL4_Word data)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IOPortOut32, 0, 0, 2);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    mr0 = port;
    mr1 = data;
    mr2 = 0;
    mr3 = 0;

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/* seL4_IRQControl */

/*
 * Create an IRQ handler capability for an IOAPIC pin. Label X86IRQIssueIRQHandlerIOAPIC; MR0
 * index, MR1 depth bits 7..0, MR2 ioapic, MR3 pin, MR4 level, MR5 polarity, MR6 vector; cap0
 * root.
 */
LIBSEL4_INLINE seL4_Error seL4_IRQControl_GetIOAPIC(seL4_IRQControl _service, seL4_CNode root,
                                                    seL4_Word index, seL4_Uint8 depth,
                                                    seL4_Word ioapic, seL4_Word pin,
                                                    seL4_Word level, seL4_Word polarity,
                                                    seL4_Word vector)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IRQIssueIRQHandlerIOAPIC, 0, 1, 7);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, root);
    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = ioapic;
    mr3 = pin;
    seL4_SetMR(4, level);
    seL4_SetMR(5, polarity);
    seL4_SetMR(6, vector);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/*
 * Create an IRQ handler capability for an MSI. Label X86IRQIssueIRQHandlerMSI; MR0 index, MR1
 * depth bits 7..0, MR2 pci_bus, MR3 pci_dev, MR4 pci_func, MR5 handle, MR6 vector; cap0 root.
 */
LIBSEL4_INLINE seL4_Error seL4_IRQControl_GetMSI(seL4_IRQControl _service, seL4_CNode root,
                                                 seL4_Word index, seL4_Uint8 depth,
                                                 seL4_Word pci_bus, seL4_Word pci_dev,
                                                 seL4_Word pci_func, seL4_Word handle,
                                                 seL4_Word vector)
{
    seL4_Error result;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(X86IRQIssueIRQHandlerMSI, 0, 1, 7);
    seL4_MessageInfo_t output_tag;
    seL4_Word mr0;
    seL4_Word mr1;
    seL4_Word mr2;
    seL4_Word mr3;

    seL4_SetCap(0, root);
    mr0 = index;
    mr1 = (depth & 0xffull);
    mr2 = pci_bus;
    mr3 = pci_dev;
    seL4_SetMR(4, pci_func);
    seL4_SetMR(5, handle);
    seL4_SetMR(6, vector);

    output_tag = seL4_CallWithMRs(_service, tag, &mr0, &mr1, &mr2, &mr3);
    result = (seL4_Error)seL4_MessageInfo_get_label(output_tag);

    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}
