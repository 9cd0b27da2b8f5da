/* Names of invocations as libsel4 spells them, for messages and traces. */
#include <core.h>

static const char *const method_names[nArchInvocationLabels] = {
    [InvalidInvocation] = "InvalidInvocation",
    [UntypedRetype] = "seL4_Untyped_Retype",
    [TCBReadRegisters] = "seL4_TCB_ReadRegisters",
    [TCBWriteRegisters] = "seL4_TCB_WriteRegisters",
    [TCBCopyRegisters] = "seL4_TCB_CopyRegisters",
    [TCBConfigure] = "seL4_TCB_Configure",
    [TCBSetPriority] = "seL4_TCB_SetPriority",
    [TCBSetMCPriority] = "seL4_TCB_SetMCPriority",
    [TCBSetSchedParams] = "seL4_TCB_SetSchedParams",
    [TCBSetIPCBuffer] = "seL4_TCB_SetIPCBuffer",
    [TCBSetSpace] = "seL4_TCB_SetSpace",
    [TCBSuspend] = "seL4_TCB_Suspend",
    [TCBResume] = "seL4_TCB_Resume",
    [TCBBindNotification] = "seL4_TCB_BindNotification",
    [TCBUnbindNotification] = "seL4_TCB_UnbindNotification",
    [TCBSetTLSBase] = "seL4_TCB_SetTLSBase",
    [TCBSetFlags] = "seL4_TCB_SetFlags",
    [CNodeRevoke] = "seL4_CNode_Revoke",
    [CNodeDelete] = "seL4_CNode_Delete",
    [CNodeCancelBadgedSends] = "seL4_CNode_CancelBadgedSends",
    [CNodeCopy] = "seL4_CNode_Copy",
    [CNodeMint] = "seL4_CNode_Mint",
    [CNodeMove] = "seL4_CNode_Move",
    [CNodeMutate] = "seL4_CNode_Mutate",
    [CNodeRotate] = "seL4_CNode_Rotate",
    [CNodeSaveCaller] = "seL4_CNode_SaveCaller",
    [IRQIssueIRQHandler] = "seL4_IRQControl_Get",
    [IRQAckIRQ] = "seL4_IRQHandler_Ack",
    [IRQSetIRQHandler] = "seL4_IRQHandler_SetNotification",
    [IRQClearIRQHandler] = "seL4_IRQHandler_Clear",
    [DomainSetSet] = "seL4_DomainSet_Set",
    [X86PDPTMap] = "seL4_X86_PDPT_Map",
    [X86PDPTUnmap] = "seL4_X86_PDPT_Unmap",
    [X86PageDirectoryMap] = "seL4_X86_PageDirectory_Map",
    [X86PageDirectoryUnmap] = "seL4_X86_PageDirectory_Unmap",
    [X86PageTableMap] = "seL4_X86_PageTable_Map",
    [X86PageTableUnmap] = "seL4_X86_PageTable_Unmap",
    [X86PageMap] = "seL4_X86_Page_Map",
    [X86PageUnmap] = "seL4_X86_Page_Unmap",
    [X86PageGetAddress] = "seL4_X86_Page_GetAddress",
    [X86ASIDControlMakePool] = "seL4_X86_ASIDControl_MakePool",
    [X86ASIDPoolAssign] = "seL4_X86_ASIDPool_Assign",
    [X86IOPortControlIssue] = "seL4_X86_IOPortControl_Issue",
    [X86IOPortIn8] = "seL4_X86_IOPort_In8",
    [X86IOPortIn16] = "seL4_X86_IOPort_In16",
    [X86IOPortIn32] = "seL4_X86_IOPort_In32",
    [X86IOPortOut8] = "seL4_X86_IOPort_Out8",
    [X86IOPortOut16] = "seL4_X86_IOPort_Out16",
    [X86IOPortOut32] = "seL4_X86_IOPort_Out32",
    [X86IRQIssueIRQHandlerIOAPIC] = "seL4_IRQControl_GetIOAPIC",
    [X86IRQIssueIRQHandlerMSI] = "seL4_IRQControl_GetMSI",
};

const char *method_name(word_t label)
{
    return label < ARRAY_SIZE(method_names) ? method_names[label] : NULL;
}

const char *invocation_name(word_t label)
{
    const char *name = method_name(label);
    return name ? name : "an unknown method";
}

/*
 * A method whose object model arrives in a later issue: say so on the
 * console and fail the call with seL4_IllegalOperation.
 */
exception_t not_implemented(kernel_t *k, word_t label, const char *which)
{
    kprintf(k, "sel4emu: %s is not implemented yet (%s); returning seL4_IllegalOperation\n",
            invocation_name(label), which);
    return syscall_error(k, seL4_IllegalOperation);
}
