/*
 * Calls every public function and macro of the header tree once, so that a
 * header that declares something wrongly (or not at all) fails to compile.
 * Built as an object only (API mode and SEL4EMU_NATIVE); never run.
 */
#include <sel4/sel4.h>
#include <sel4/messages.h>
#include <sel4/arch/mapping.h>
#include <sel4/sel4_arch/mapping.h>
#include <sel4/assert.h>
#include <sel4/debug_assert.h>
#include <sel4runtime.h>

void compile_all(void);
void sink(seL4_Word value);

static void use_fault_accessors(seL4_Fault_t f)
{
    seL4_Word x = seL4_Fault_get_seL4_FaultType(f);

    x += (seL4_Word)seL4_Fault_seL4_FaultType_equals(f, seL4_Fault_VMFault);
    x += seL4_Fault_ptr_get_seL4_FaultType(&f);
    f = seL4_Fault_NullFault_new();
    seL4_Fault_NullFault_ptr_new(&f);
    f = seL4_Fault_CapFault_new(1, 2, 3, 4, 5, 6, 7);
    seL4_Fault_CapFault_ptr_new(&f, 1, 2, 3, 4, 5, 6, 7);
    x += seL4_Fault_CapFault_get_IP(f);
    f = seL4_Fault_CapFault_set_IP(f, x);
    x += seL4_Fault_CapFault_ptr_get_IP(&f);
    seL4_Fault_CapFault_ptr_set_IP(&f, x);
    x += seL4_Fault_CapFault_get_Addr(f);
    f = seL4_Fault_CapFault_set_Addr(f, x);
    x += seL4_Fault_CapFault_ptr_get_Addr(&f);
    seL4_Fault_CapFault_ptr_set_Addr(&f, x);
    x += seL4_Fault_CapFault_get_InRecvPhase(f);
    f = seL4_Fault_CapFault_set_InRecvPhase(f, x);
    x += seL4_Fault_CapFault_ptr_get_InRecvPhase(&f);
    seL4_Fault_CapFault_ptr_set_InRecvPhase(&f, x);
    x += seL4_Fault_CapFault_get_LookupFailureType(f);
    f = seL4_Fault_CapFault_set_LookupFailureType(f, x);
    x += seL4_Fault_CapFault_ptr_get_LookupFailureType(&f);
    seL4_Fault_CapFault_ptr_set_LookupFailureType(&f, x);
    x += seL4_Fault_CapFault_get_MR4(f);
    f = seL4_Fault_CapFault_set_MR4(f, x);
    x += seL4_Fault_CapFault_ptr_get_MR4(&f);
    seL4_Fault_CapFault_ptr_set_MR4(&f, x);
    x += seL4_Fault_CapFault_get_MR5(f);
    f = seL4_Fault_CapFault_set_MR5(f, x);
    x += seL4_Fault_CapFault_ptr_get_MR5(&f);
    seL4_Fault_CapFault_ptr_set_MR5(&f, x);
    x += seL4_Fault_CapFault_get_MR6(f);
    f = seL4_Fault_CapFault_set_MR6(f, x);
    x += seL4_Fault_CapFault_ptr_get_MR6(&f);
    seL4_Fault_CapFault_ptr_set_MR6(&f, x);
    f = seL4_Fault_UnknownSyscall_new(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    seL4_Fault_UnknownSyscall_ptr_new(&f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    x += seL4_Fault_UnknownSyscall_get_RAX(f);
    f = seL4_Fault_UnknownSyscall_set_RAX(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RAX(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RAX(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RBX(f);
    f = seL4_Fault_UnknownSyscall_set_RBX(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RBX(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RBX(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RCX(f);
    f = seL4_Fault_UnknownSyscall_set_RCX(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RCX(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RCX(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RDX(f);
    f = seL4_Fault_UnknownSyscall_set_RDX(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RDX(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RDX(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RSI(f);
    f = seL4_Fault_UnknownSyscall_set_RSI(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RSI(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RSI(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RDI(f);
    f = seL4_Fault_UnknownSyscall_set_RDI(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RDI(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RDI(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RBP(f);
    f = seL4_Fault_UnknownSyscall_set_RBP(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RBP(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RBP(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R8(f);
    f = seL4_Fault_UnknownSyscall_set_R8(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R8(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R8(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R9(f);
    f = seL4_Fault_UnknownSyscall_set_R9(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R9(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R9(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R10(f);
    f = seL4_Fault_UnknownSyscall_set_R10(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R10(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R10(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R11(f);
    f = seL4_Fault_UnknownSyscall_set_R11(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R11(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R11(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R12(f);
    f = seL4_Fault_UnknownSyscall_set_R12(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R12(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R12(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R13(f);
    f = seL4_Fault_UnknownSyscall_set_R13(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R13(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R13(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R14(f);
    f = seL4_Fault_UnknownSyscall_set_R14(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R14(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R14(&f, x);
    x += seL4_Fault_UnknownSyscall_get_R15(f);
    f = seL4_Fault_UnknownSyscall_set_R15(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_R15(&f);
    seL4_Fault_UnknownSyscall_ptr_set_R15(&f, x);
    x += seL4_Fault_UnknownSyscall_get_FaultIP(f);
    f = seL4_Fault_UnknownSyscall_set_FaultIP(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_FaultIP(&f);
    seL4_Fault_UnknownSyscall_ptr_set_FaultIP(&f, x);
    x += seL4_Fault_UnknownSyscall_get_RSP(f);
    f = seL4_Fault_UnknownSyscall_set_RSP(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_RSP(&f);
    seL4_Fault_UnknownSyscall_ptr_set_RSP(&f, x);
    x += seL4_Fault_UnknownSyscall_get_FLAGS(f);
    f = seL4_Fault_UnknownSyscall_set_FLAGS(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_FLAGS(&f);
    seL4_Fault_UnknownSyscall_ptr_set_FLAGS(&f, x);
    x += seL4_Fault_UnknownSyscall_get_Syscall(f);
    f = seL4_Fault_UnknownSyscall_set_Syscall(f, x);
    x += seL4_Fault_UnknownSyscall_ptr_get_Syscall(&f);
    seL4_Fault_UnknownSyscall_ptr_set_Syscall(&f, x);
    f = seL4_Fault_UserException_new(1, 2, 3, 4, 5);
    seL4_Fault_UserException_ptr_new(&f, 1, 2, 3, 4, 5);
    x += seL4_Fault_UserException_get_FaultIP(f);
    f = seL4_Fault_UserException_set_FaultIP(f, x);
    x += seL4_Fault_UserException_ptr_get_FaultIP(&f);
    seL4_Fault_UserException_ptr_set_FaultIP(&f, x);
    x += seL4_Fault_UserException_get_Stack(f);
    f = seL4_Fault_UserException_set_Stack(f, x);
    x += seL4_Fault_UserException_ptr_get_Stack(&f);
    seL4_Fault_UserException_ptr_set_Stack(&f, x);
    x += seL4_Fault_UserException_get_FLAGS(f);
    f = seL4_Fault_UserException_set_FLAGS(f, x);
    x += seL4_Fault_UserException_ptr_get_FLAGS(&f);
    seL4_Fault_UserException_ptr_set_FLAGS(&f, x);
    x += seL4_Fault_UserException_get_Number(f);
    f = seL4_Fault_UserException_set_Number(f, x);
    x += seL4_Fault_UserException_ptr_get_Number(&f);
    seL4_Fault_UserException_ptr_set_Number(&f, x);
    x += seL4_Fault_UserException_get_Code(f);
    f = seL4_Fault_UserException_set_Code(f, x);
    x += seL4_Fault_UserException_ptr_get_Code(&f);
    seL4_Fault_UserException_ptr_set_Code(&f, x);
    f = seL4_Fault_VMFault_new(1, 2, 3, 4);
    seL4_Fault_VMFault_ptr_new(&f, 1, 2, 3, 4);
    x += seL4_Fault_VMFault_get_IP(f);
    f = seL4_Fault_VMFault_set_IP(f, x);
    x += seL4_Fault_VMFault_ptr_get_IP(&f);
    seL4_Fault_VMFault_ptr_set_IP(&f, x);
    x += seL4_Fault_VMFault_get_Addr(f);
    f = seL4_Fault_VMFault_set_Addr(f, x);
    x += seL4_Fault_VMFault_ptr_get_Addr(&f);
    seL4_Fault_VMFault_ptr_set_Addr(&f, x);
    x += seL4_Fault_VMFault_get_PrefetchFault(f);
    f = seL4_Fault_VMFault_set_PrefetchFault(f, x);
    x += seL4_Fault_VMFault_ptr_get_PrefetchFault(&f);
    seL4_Fault_VMFault_ptr_set_PrefetchFault(&f, x);
    x += seL4_Fault_VMFault_get_FSR(f);
    f = seL4_Fault_VMFault_set_FSR(f, x);
    x += seL4_Fault_VMFault_ptr_get_FSR(&f);
    seL4_Fault_VMFault_ptr_set_FSR(&f, x);
    sink(x);
}

static void use_bitfields(void)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(1, 0, 0, 1);
    seL4_CapRights_t rights = seL4_CapRights_new(1, 1, 1, 1);
    seL4_CNode_CapData_t data = seL4_CNode_CapData_new(0, 0);
    seL4_Word x = 0;

    info = seL4_MessageInfo_set_label(info, seL4_MessageInfo_get_label(info));
    info = seL4_MessageInfo_set_capsUnwrapped(info, seL4_MessageInfo_get_capsUnwrapped(info));
    info = seL4_MessageInfo_set_extraCaps(info, seL4_MessageInfo_get_extraCaps(info));
    info = seL4_MessageInfo_set_length(info, seL4_MessageInfo_get_length(info));
    seL4_MessageInfo_ptr_set_label(&info, seL4_MessageInfo_ptr_get_label(&info));
    seL4_MessageInfo_ptr_set_capsUnwrapped(&info, seL4_MessageInfo_ptr_get_capsUnwrapped(&info));
    seL4_MessageInfo_ptr_set_extraCaps(&info, seL4_MessageInfo_ptr_get_extraCaps(&info));
    seL4_MessageInfo_ptr_set_length(&info, seL4_MessageInfo_ptr_get_length(&info));
    rights = seL4_CapRights_set_capAllowGrantReply(rights, seL4_CapRights_get_capAllowGrantReply(rights));
    rights = seL4_CapRights_set_capAllowGrant(rights, seL4_CapRights_get_capAllowGrant(rights));
    rights = seL4_CapRights_set_capAllowRead(rights, seL4_CapRights_get_capAllowRead(rights));
    rights = seL4_CapRights_set_capAllowWrite(rights, seL4_CapRights_get_capAllowWrite(rights));
    seL4_CapRights_ptr_set_capAllowGrantReply(&rights, seL4_CapRights_ptr_get_capAllowGrantReply(&rights));
    seL4_CapRights_ptr_set_capAllowGrant(&rights, seL4_CapRights_ptr_get_capAllowGrant(&rights));
    seL4_CapRights_ptr_set_capAllowRead(&rights, seL4_CapRights_ptr_get_capAllowRead(&rights));
    seL4_CapRights_ptr_set_capAllowWrite(&rights, seL4_CapRights_ptr_get_capAllowWrite(&rights));
    data = seL4_CNode_CapData_set_guard(data, seL4_CNode_CapData_get_guard(data));
    data = seL4_CNode_CapData_set_guardSize(data, seL4_CNode_CapData_get_guardSize(data));
    seL4_CNode_CapData_ptr_set_guard(&data, seL4_CNode_CapData_ptr_get_guard(&data));
    seL4_CNode_CapData_ptr_set_guardSize(&data, seL4_CNode_CapData_ptr_get_guardSize(&data));
    x += info.words[0] + rights.words[0] + data.words[0];
    x += seL4_AllRights.words[0] + seL4_ReadWrite.words[0] + seL4_CanRead.words[0] +
         seL4_CanWrite.words[0] + seL4_CanGrant.words[0] + seL4_CanGrantReply.words[0] +
         seL4_NoWrite.words[0] + seL4_NoRead.words[0] + seL4_NoRights.words[0];
    sink(x);
}

static void use_syscalls(void)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 4);
    seL4_Word badge, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_Word out_info, out_dest;
    seL4_CPtr cnode, index;
    seL4_Word depth;

    seL4_SetIPCBuffer(seL4_GetIPCBuffer());
    seL4_SetMR(0, seL4_GetMR(1));
    seL4_SetUserData(seL4_GetUserData());
    seL4_SetCap(0, seL4_GetCap(1) + seL4_GetBadge(2));
    seL4_GetCapReceivePath(&cnode, &index, &depth);
    seL4_SetCapReceivePath(cnode, index, depth);

    seL4_Send(1, info);
    seL4_SendWithMRs(1, info, &m0, &m1, &m2, &m3);
    seL4_NBSend(1, info);
    seL4_NBSendWithMRs(1, info, &m0, &m1, &m2, &m3);
    seL4_Reply(info);
    seL4_ReplyWithMRs(info, &m0, &m1, &m2, &m3);
    seL4_Signal(1);
    info = seL4_Recv(1, &badge);
    info = seL4_RecvWithMRs(1, &badge, &m0, &m1, &m2, &m3);
    info = seL4_NBRecv(1, &badge);
    info = seL4_Call(1, info);
    info = seL4_CallWithMRs(1, info, &m0, &m1, &m2, &m3);
    info = seL4_ReplyRecv(1, info, &badge);
    info = seL4_ReplyRecvWithMRs(1, info, &badge, &m0, &m1, &m2, &m3);
    seL4_Yield();
    seL4_Wait(1, &badge);
    info = seL4_Poll(1, &badge);
    seL4_DebugPutChar('x');
    seL4_DebugPutString((char *)"x");
    seL4_DebugDumpScheduler();
    seL4_DebugHalt();
    seL4_DebugSnapshot();
    badge += seL4_DebugCapIdentify(1);
    seL4_DebugNameThread(1, "name");
    seL4_SetTLSBase(0);

    x64_sys_send(seL4_SysSend, 1, 0, 0, 0, 0, 0);
    x64_sys_reply(seL4_SysReply, 0, 0, 0, 0, 0);
    x64_sys_send_null(seL4_SysSend, 1, 1);
    x64_sys_recv(seL4_SysRecv, 1, &badge, &out_info, &m0, &m1, &m2, &m3, 0);
    x64_sys_send_recv(seL4_SysCall, 1, &out_dest, 0, &out_info, &m0, &m1, &m2, &m3, 0);
    x64_sys_null(seL4_SysYield);
    sink(info.words[0] + badge + out_info + out_dest + m0 + m1 + m2 + m3);
}

static void use_faults(void)
{
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(seL4_Fault_VMFault, 0, 0, 4);
    seL4_Fault_t f = seL4_getFault(tag);

    f = seL4_getArchFault(tag);
    sink((seL4_Word)seL4_isVMFault_tag(tag) + (seL4_Word)seL4_isUnknownSyscall_tag(tag) +
         (seL4_Word)seL4_isUserException_tag(tag) + (seL4_Word)seL4_isNullFault_tag(tag) +
         (seL4_Word)seL4_isCapFault_tag(tag) + seL4_MappingFailedLookupLevel());
    use_fault_accessors(f);
}

static void use_invocations(void)
{
    seL4_UserContext regs = {0};
    seL4_Word e = 0;

    e += seL4_Untyped_Retype(1, seL4_EndpointObject, 0, 2, 0, 0, 10, 1);
    e += seL4_TCB_ReadRegisters(1, 0, 0, 20, &regs);
    e += seL4_TCB_WriteRegisters(1, 0, 0, 20, &regs);
    e += seL4_TCB_CopyRegisters(1, 2, 0, 0, 1, 1, 0);
    e += seL4_TCB_Configure(1, 0, 2, 0, 3, 0, 0x1000, 4);
    e += seL4_TCB_SetPriority(1, 1, 100);
    e += seL4_TCB_SetMCPriority(1, 1, 100);
    e += seL4_TCB_SetSchedParams(1, 1, 100, 100);
    e += seL4_TCB_SetIPCBuffer(1, 0x1000, 4);
    e += seL4_TCB_SetSpace(1, 0, 2, 0, 3, 0);
    e += seL4_TCB_Suspend(1);
    e += seL4_TCB_Resume(1);
    e += seL4_TCB_BindNotification(1, 5);
    e += seL4_TCB_UnbindNotification(1);
    e += seL4_TCB_SetTLSBase(1, 0);
    e += seL4_TCB_SetFlags(1, 0, 0).flags;
    e += seL4_CNode_Revoke(2, 1, 64);
    e += seL4_CNode_Delete(2, 1, 64);
    e += seL4_CNode_CancelBadgedSends(2, 1, 64);
    e += seL4_CNode_Copy(2, 1, 64, 2, 3, 64, seL4_AllRights);
    e += seL4_CNode_Mint(2, 1, 64, 2, 3, 64, seL4_AllRights, 7);
    e += seL4_CNode_Move(2, 1, 64, 2, 3, 64);
    e += seL4_CNode_Mutate(2, 1, 64, 2, 3, 64, 0);
    e += seL4_CNode_Rotate(2, 1, 64, 0, 2, 3, 64, 0, 2, 4, 64);
    e += seL4_CNode_SaveCaller(2, 1, 64);
    e += seL4_IRQControl_Get(4, 1, 2, 10, 64);
    e += seL4_IRQControl_GetIOAPIC(4, 2, 10, 64, 0, 1, 0, 0, 20);
    e += seL4_IRQControl_GetMSI(4, 2, 10, 64, 0, 0, 0, 0, 21);
    e += seL4_IRQHandler_Ack(10);
    e += seL4_IRQHandler_SetNotification(10, 5);
    e += seL4_IRQHandler_Clear(10);
    e += seL4_DomainSet_Set(11, 0, 1);
    e += seL4_X86_PDPT_Map(12, 3, 0, seL4_X86_Default_VMAttributes);
    e += seL4_X86_PDPT_Unmap(12);
    e += seL4_X86_PageDirectory_Map(13, 3, 0, seL4_X86_Default_VMAttributes);
    e += seL4_X86_PageDirectory_Unmap(13);
    e += seL4_X86_PageTable_Map(14, 3, 0, seL4_X86_Default_VMAttributes);
    e += seL4_X86_PageTable_Unmap(14);
    e += seL4_X86_Page_Map(15, 3, 0, seL4_ReadWrite, seL4_X86_Default_VMAttributes);
    e += seL4_X86_Page_Unmap(15);
    e += seL4_X86_Page_GetAddress(15).paddr;
    e += seL4_X86_ASIDControl_MakePool(5, 16, 2, 17, 64);
    e += seL4_X86_ASIDPool_Assign(6, 3);
    e += seL4_X86_IOPortControl_Issue(7, 0x3f8, 0x3ff, 2, 18, 64);
    e += seL4_X86_IOPort_In8(18, 0x3f8).result;
    e += seL4_X86_IOPort_In16(18, 0x3f8).result;
    e += seL4_X86_IOPort_In32(18, 0x3f8).result;
    e += seL4_X86_IOPort_Out8(18, 0x3f8, 0);
    e += seL4_X86_IOPort_Out16(18, 0x3f8, 0);
    e += seL4_X86_IOPort_Out32(18, 0x3f8, 0);
    sink(e);
}

/* Old names warn on use, as they do on seL4; this only checks they exist. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void use_deprecated(void)
{
    seL4_MessageInfo_t tag = seL4_GetTag();
    seL4_CapData_t data = seL4_CapData_Badge_new(1) + seL4_CapData_Guard_new(0, 0);
    seL4_PageFaultIpcRegisters pf;
    seL4_CapRights rights = seL4_AllRights;
    seL4_FaultType type = seL4_Fault_VMFault;

    seL4_SetTag(tag);
    pf.raw[0] = seL4_PF_FIP() + seL4_PF_Addr() + seL4_isPageFault_MSG() + seL4_isPageFault_Tag(tag) +
                seL4_isExceptIPC_Tag(tag) + seL4_ExceptIPC_Get(0) + seL4_IsArchSyscallFrom(tag) +
                seL4_IsArchExceptionFrom(tag);
    seL4_ExceptIPC_Set(0, pf.raw[0]);
    seL4_InitBootInfo(seL4_GetBootInfo());
    sink(data + rights.words[0] + (seL4_Word)type + pf.regs.fault_ip);
}
#pragma GCC diagnostic pop

void compile_all(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    const char *name = sel4runtime_process_name();
    static unsigned char tls_area[4096];
    sel4runtime_uintptr_t tp = sel4runtime_write_tls_image(tls_area);
    sel4runtime_size_t tls_size = sel4runtime_get_tls_size();
    int tls_set = sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, seL4_GetIPCBuffer());

    seL4_CompileTimeAssert(sizeof(seL4_Word) == 8);
    seL4_Assert(bi != seL4_Null);
    seL4_DebugAssert(name != seL4_Null);
    (void)name;
    sink((seL4_Word)tls_set + tls_size);
    if (bi == seL4_Null) {
        seL4_Fail("no bootinfo");
    }
    use_bitfields();
    use_syscalls();
    use_faults();
    use_invocations();
    use_deprecated();
}
