/*
 * Runs the header checks that need code: the function-valued facts of
 * check_layout.c, and the marshaling of every system call and of the object
 * invocations, against a stand-in for sel4emu_syscall() that records the
 * registers it is given and plays back a prepared reply. API mode only.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4/arch/mapping.h>
#include <sel4emu/entry.h>

__thread seL4_IPCBuffer *__sel4_ipc_buffer;

int sel4emu_header_runtime_checks(void (*report)(const char *what));

static seL4_IPCBuffer ipcbuf;

/* What the last system call passed in, and the reply to give. */
static sel4emu_syscall_frame_t seen;
static seL4_Word seen_msg[seL4_MsgMaxLength];
static seL4_Word seen_caps[seL4_MsgMaxExtraCaps];
static int calls;
static sel4emu_syscall_frame_t reply;

void sel4emu_syscall(sel4emu_syscall_frame_t *frame)
{
    seen = *frame;
    memcpy(seen_msg, ipcbuf.msg, sizeof(seen_msg));
    memcpy(seen_caps, ipcbuf.caps_or_badges, sizeof(seen_caps));
    calls++;
    frame->rdi = reply.rdi;
    frame->rsi = reply.rsi;
    frame->r10 = reply.r10;
    frame->r8 = reply.r8;
    frame->r9 = reply.r9;
    frame->r15 = reply.r15;
}

static int failures, checks;

static void report(const char *what)
{
    fprintf(stderr, "header check failed: %s\n", what);
}

#define CHECK(expr)                                                              \
    do {                                                                         \
        checks++;                                                                \
        if (!(expr)) {                                                           \
            failures++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); \
        }                                                                        \
    } while (0)

static seL4_Word msginfo(seL4_Word label, seL4_Word caps, seL4_Word len)
{
    return seL4_MessageInfo_new(label, 0, caps, len).words[0];
}

static void prepare(seL4_Word label, seL4_Word badge, seL4_Word m0, seL4_Word m1, seL4_Word m2,
                    seL4_Word m3)
{
    memset(&ipcbuf, 0, sizeof(ipcbuf));
    memset(&seen, 0xee, sizeof(seen));
    reply.rdi = badge;
    reply.rsi = seL4_MessageInfo_new(label, 0, 0, 4).words[0];
    reply.r10 = m0;
    reply.r8 = m1;
    reply.r9 = m2;
    reply.r15 = m3;
}

/* Checks that the call was SysCall on cap with msginfo, and MR0..MR3. */
static void expect_call(seL4_Word cap, seL4_Word info, seL4_Word m0, seL4_Word m1, seL4_Word m2,
                        seL4_Word m3, int line)
{
    checks++;
    if (seen.rdx != (seL4_Word)seL4_SysCall || seen.rdi != cap || seen.rsi != info ||
        seen.r10 != m0 || seen.r8 != m1 || seen.r9 != m2 || seen.r15 != m3) {
        failures++;
        fprintf(stderr,
                "run_checks.c:%d: call got rdx=%ld rdi=%lx rsi=%lx mr=%lx %lx %lx %lx, "
                "want rdi=%lx rsi=%lx mr=%lx %lx %lx %lx\n",
                line, (long)seen.rdx, seen.rdi, seen.rsi, seen.r10, seen.r8, seen.r9, seen.r15, cap,
                info, m0, m1, m2, m3);
    }
}
#define EXPECT_CALL(cap, info, m0, m1, m2, m3) expect_call(cap, info, m0, m1, m2, m3, __LINE__)

static void check_syscalls(void)
{
    seL4_Word badge = 0;
    seL4_Word a = 11, b = 12, c = 13, d = 14;
    seL4_MessageInfo_t info;

    prepare(0, 0, 0, 0, 0, 0);
    seL4_SetMR(0, 1);
    seL4_SetMR(1, 2);
    seL4_SetMR(2, 3);
    seL4_SetMR(3, 4);
    seL4_Send(5, seL4_MessageInfo_new(7, 0, 0, 4));
    CHECK(seen.rdx == (seL4_Word)-3 && seen.rdi == 5 && seen.rsi == 0x7004);
    CHECK(seen.r10 == 1 && seen.r8 == 2 && seen.r9 == 3 && seen.r15 == 4);
    seL4_NBSend(5, seL4_MessageInfo_new(7, 0, 0, 4));
    CHECK(seen.rdx == (seL4_Word)-4 && seen.rdi == 5 && seen.r15 == 4);
    seL4_SendWithMRs(6, seL4_MessageInfo_new(0, 0, 0, 2), &a, seL4_Null, &c, seL4_Null);
    CHECK(seen.rdx == (seL4_Word)-3 && seen.rdi == 6 && seen.r10 == 11 && seen.r8 == 0 &&
          seen.r9 == 13 && seen.r15 == 0);
    seL4_NBSendWithMRs(6, seL4_MessageInfo_new(0, 0, 0, 2), &a, &b, &c, &d);
    CHECK(seen.rdx == (seL4_Word)-4 && seen.r15 == 14);
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 1));
    CHECK(seen.rdx == (seL4_Word)-6 && seen.rdi == 0 && seen.rsi == 0x1001 && seen.r10 == 1);
    seL4_ReplyWithMRs(seL4_MessageInfo_new(1, 0, 0, 1), &d, seL4_Null, seL4_Null, seL4_Null);
    CHECK(seen.rdx == (seL4_Word)-6 && seen.r10 == 14 && seen.r8 == 0);
    seL4_Signal(9);
    CHECK(seen.rdx == (seL4_Word)-3 && seen.rdi == 9 && seen.rsi == 0x1);

    prepare(0x42, 0x77, 21, 22, 23, 24);
    info = seL4_Recv(3, &badge);
    CHECK(seen.rdx == (seL4_Word)-5 && seen.rdi == 3);
    CHECK(badge == 0x77 && seL4_MessageInfo_get_label(info) == 0x42);
    CHECK(seL4_GetMR(0) == 21 && seL4_GetMR(1) == 22 && seL4_GetMR(2) == 23 && seL4_GetMR(3) == 24);
    info = seL4_NBRecv(3, seL4_Null);
    CHECK(seen.rdx == (seL4_Word)-8);
    badge = 0;
    seL4_Wait(4, &badge);
    CHECK(seen.rdx == (seL4_Word)-5 && seen.rdi == 4 && badge == 0x77);
    badge = 0;
    info = seL4_Poll(4, &badge);
    CHECK(seen.rdx == (seL4_Word)-8 && seen.rdi == 4 && badge == 0x77);
    a = b = c = d = 0;
    info = seL4_RecvWithMRs(3, &badge, &a, seL4_Null, &c, &d);
    CHECK(seen.rdx == (seL4_Word)-5 && a == 21 && c == 23 && d == 24);

    prepare(0x5, 0x99, 31, 32, 33, 34);
    seL4_SetMR(0, 1);
    seL4_SetMR(1, 2);
    seL4_SetMR(2, 3);
    seL4_SetMR(3, 4);
    info = seL4_Call(8, seL4_MessageInfo_new(3, 0, 0, 1));
    EXPECT_CALL(8, 0x3001, 1, 2, 3, 4);
    CHECK(seL4_MessageInfo_get_label(info) == 5);
    CHECK(seL4_GetMR(0) == 31 && seL4_GetMR(1) == 32 && seL4_GetMR(2) == 33 && seL4_GetMR(3) == 34);

    a = 1, b = 2, c = 3, d = 4;
    info = seL4_CallWithMRs(8, seL4_MessageInfo_new(3, 0, 0, 2), &a, &b, &c, &d);
    EXPECT_CALL(8, 0x3002, 1, 2, 0, 0);
    CHECK(a == 31 && b == 32 && c == 33 && d == 34);

    seL4_SetMR(0, 9);
    info = seL4_ReplyRecv(8, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    CHECK(seen.rdx == (seL4_Word)-2 && seen.rdi == 8 && seen.r10 == 9 && badge == 0x99);
    CHECK(seL4_GetMR(0) == 31);
    a = 5;
    info = seL4_ReplyRecvWithMRs(8, seL4_MessageInfo_new(0, 0, 0, 1), &badge, &a, &b, seL4_Null,
                                 seL4_Null);
    CHECK(seen.rdx == (seL4_Word)-2 && seen.r10 == 5 && seen.r8 == 0 && a == 31 && b == 32);

    calls = 0;
    seL4_Yield();
    CHECK(calls == 1 && seen.rdx == (seL4_Word)-7);

    seL4_DebugPutChar('A');
    CHECK(seen.rdx == (seL4_Word)-9 && seen.rdi == 'A');
    calls = 0;
    seL4_DebugPutString((char *)"hi");
    CHECK(calls == 2 && seen.rdi == 'i');
    seL4_DebugDumpScheduler();
    CHECK(seen.rdx == (seL4_Word)-10);
    seL4_DebugHalt();
    CHECK(seen.rdx == (seL4_Word)-11);
    seL4_DebugSnapshot();
    CHECK(seen.rdx == (seL4_Word)-13);
    prepare(0, 12, 0, 0, 0, 0);
    CHECK(seL4_DebugCapIdentify(2) == 12 && seen.rdx == (seL4_Word)-12 && seen.rdi == 2);
    seL4_DebugNameThread(1, "rootserver");
    CHECK(seen.rdx == (seL4_Word)-14 && seen.rdi == 1);
    CHECK(strcmp((const char *)seen_msg, "rootserver") == 0);
    seL4_SetTLSBase(0x7000);
    CHECK(seen.rdx == (seL4_Word)-29 && seen.rdi == 0x7000 && seen.rsi == 0);
}

static void check_invocations(void)
{
    seL4_UserContext regs;
    seL4_Word *r = (seL4_Word *)&regs;
    seL4_Error err;
    int i;

    for (i = 0; i < 20; i++) {
        r[i] = 1000 + (seL4_Word)i;
    }

    /* TCB_WriteRegisters: resume_target bit 0 and arch_flags bits 15..8 share MR0. */
    prepare(0, 0, 0, 0, 0, 0);
    err = seL4_TCB_WriteRegisters(10, 1, 0xab, 20, &regs);
    CHECK(err == seL4_NoError);
    EXPECT_CALL(10, msginfo(TCBWriteRegisters, 0, 22), 0xab01, 20, 1000, 1001);
    for (i = 4; i < 22; i++) {
        CHECK(seen_msg[i] == 1000 + (seL4_Word)i - 2);
    }

    /* TCB_ReadRegisters: reply MR0..MR19 in register order. */
    prepare(0, 0, 2000, 2001, 2002, 2003);
    for (i = 4; i < 20; i++) {
        seL4_SetMR(i, 2000 + (seL4_Word)i);
    }
    memset(&regs, 0, sizeof(regs));
    err = seL4_TCB_ReadRegisters(10, 1, 0x3, 20, &regs);
    EXPECT_CALL(10, msginfo(TCBReadRegisters, 0, 2), 0x301, 20, 0, 0);
    CHECK(err == seL4_NoError);
    for (i = 0; i < 20; i++) {
        CHECK(r[i] == 2000 + (seL4_Word)i);
    }

    /* The error path leaves MR0..MR3 in the IPC buffer and regs untouched. */
    prepare(seL4_RangeError, 0, 1, 20, 0, 0);
    memset(&regs, 0, sizeof(regs));
    err = seL4_TCB_ReadRegisters(10, 0, 0, 99, &regs);
    CHECK(err == seL4_RangeError && seL4_GetMR(0) == 1 && seL4_GetMR(1) == 20 && regs.rip == 0);

    prepare(0, 0, 0, 0, 0, 0);
    seL4_TCB_CopyRegisters(10, 11, 1, 0, 1, 1, 0x5);
    EXPECT_CALL(10, msginfo(TCBCopyRegisters, 1, 1), 0x50d, 0, 0, 0);
    CHECK(seen_caps[0] == 11);

    seL4_TCB_Configure(10, 30, 31, 32, 33, 34, 0x7d6000, 35);
    EXPECT_CALL(10, msginfo(TCBConfigure, 3, 4), 30, 32, 34, 0x7d6000);
    CHECK(seen_caps[0] == 31 && seen_caps[1] == 33 && seen_caps[2] == 35);
    seL4_TCB_SetSpace(10, 30, 31, 32, 33, 34);
    EXPECT_CALL(10, msginfo(TCBSetSpace, 2, 3), 30, 32, 34, 0);
    CHECK(seen_caps[0] == 31 && seen_caps[1] == 33);
    seL4_TCB_SetPriority(10, 1, 200);
    EXPECT_CALL(10, msginfo(TCBSetPriority, 1, 1), 200, 0, 0, 0);
    seL4_TCB_SetMCPriority(10, 1, 201);
    EXPECT_CALL(10, msginfo(TCBSetMCPriority, 1, 1), 201, 0, 0, 0);
    seL4_TCB_SetSchedParams(10, 1, 254, 100);
    EXPECT_CALL(10, msginfo(TCBSetSchedParams, 1, 2), 254, 100, 0, 0);
    CHECK(seen_caps[0] == 1);
    seL4_TCB_SetIPCBuffer(10, 0x1000, 40);
    EXPECT_CALL(10, msginfo(TCBSetIPCBuffer, 1, 1), 0x1000, 0, 0, 0);
    CHECK(seen_caps[0] == 40);
    seL4_TCB_Suspend(10);
    EXPECT_CALL(10, msginfo(TCBSuspend, 0, 0), 0, 0, 0, 0);
    seL4_TCB_Resume(10);
    EXPECT_CALL(10, msginfo(TCBResume, 0, 0), 0, 0, 0, 0);
    seL4_TCB_BindNotification(10, 41);
    EXPECT_CALL(10, msginfo(TCBBindNotification, 1, 0), 0, 0, 0, 0);
    CHECK(seen_caps[0] == 41);
    seL4_TCB_UnbindNotification(10);
    EXPECT_CALL(10, msginfo(TCBUnbindNotification, 0, 0), 0, 0, 0, 0);
    seL4_TCB_SetTLSBase(10, 0x5000);
    EXPECT_CALL(10, msginfo(TCBSetTLSBase, 0, 1), 0x5000, 0, 0, 0);

    prepare(0, 0, 1, 0, 0, 0);
    {
        seL4_TCB_SetFlags_t res = seL4_TCB_SetFlags(10, 0, seL4_TCBFlag_fpuDisabled);
        EXPECT_CALL(10, msginfo(TCBSetFlags, 0, 2), 0, 1, 0, 0);
        CHECK(res.error == seL4_NoError && res.flags == 1);
    }

    prepare(0, 0, 0, 0, 0, 0);
    seL4_Untyped_Retype(50, seL4_TCBObject, 0, 2, 3, 64, 100, 5);
    EXPECT_CALL(50, msginfo(UntypedRetype, 1, 6), seL4_TCBObject, 0, 3, 64);
    CHECK(seen_msg[4] == 100 && seen_msg[5] == 5 && seen_caps[0] == 2);

    seL4_CNode_Revoke(2, 7, 64);
    EXPECT_CALL(2, msginfo(CNodeRevoke, 0, 2), 7, 64, 0, 0);
    seL4_CNode_Delete(2, 7, 64);
    EXPECT_CALL(2, msginfo(CNodeDelete, 0, 2), 7, 64, 0, 0);
    seL4_CNode_CancelBadgedSends(2, 7, 64);
    EXPECT_CALL(2, msginfo(CNodeCancelBadgedSends, 0, 2), 7, 64, 0, 0);
    seL4_CNode_SaveCaller(2, 7, 64);
    EXPECT_CALL(2, msginfo(CNodeSaveCaller, 0, 2), 7, 64, 0, 0);
    seL4_CNode_Copy(2, 7, 64, 3, 8, 63, seL4_CanRead);
    EXPECT_CALL(2, msginfo(CNodeCopy, 1, 5), 7, 64, 8, 63);
    CHECK(seen_msg[4] == 0x2 && seen_caps[0] == 3);
    seL4_CNode_Mint(2, 7, 64, 3, 8, 63, seL4_AllRights, 0xbad9e);
    EXPECT_CALL(2, msginfo(CNodeMint, 1, 6), 7, 64, 8, 63);
    CHECK(seen_msg[4] == 0xf && seen_msg[5] == 0xbad9e && seen_caps[0] == 3);
    seL4_CNode_Move(2, 7, 64, 3, 8, 63);
    EXPECT_CALL(2, msginfo(CNodeMove, 1, 4), 7, 64, 8, 63);
    seL4_CNode_Mutate(2, 7, 64, 3, 8, 63, 0x143);
    EXPECT_CALL(2, msginfo(CNodeMutate, 1, 5), 7, 64, 8, 63);
    CHECK(seen_msg[4] == 0x143);
    seL4_CNode_Rotate(2, 1, 0x20, 3, 4, 5, 6, 7, 8, 9, 10);
    EXPECT_CALL(2, msginfo(CNodeRotate, 2, 8), 1, 0x20, 3, 5);
    CHECK(seen_msg[4] == 6 && seen_msg[5] == 7 && seen_msg[6] == 9 && seen_msg[7] == 10);
    CHECK(seen_caps[0] == 4 && seen_caps[1] == 8);

    seL4_IRQControl_Get(4, 1, 2, 100, 64);
    EXPECT_CALL(4, msginfo(IRQIssueIRQHandler, 1, 3), 1, 100, 64, 0);
    CHECK(seen_caps[0] == 2);
    seL4_IRQControl_GetIOAPIC(4, 2, 100, 64, 0, 9, 1, 0, 33);
    EXPECT_CALL(4, msginfo(X86IRQIssueIRQHandlerIOAPIC, 1, 7), 100, 64, 0, 9);
    CHECK(seen_msg[4] == 1 && seen_msg[5] == 0 && seen_msg[6] == 33 && seen_caps[0] == 2);
    seL4_IRQControl_GetMSI(4, 2, 100, 64, 1, 2, 3, 4, 34);
    EXPECT_CALL(4, msginfo(X86IRQIssueIRQHandlerMSI, 1, 7), 100, 64, 1, 2);
    CHECK(seen_msg[4] == 3 && seen_msg[5] == 4 && seen_msg[6] == 34 && seen_caps[0] == 2);
    seL4_IRQHandler_Ack(60);
    EXPECT_CALL(60, msginfo(IRQAckIRQ, 0, 0), 0, 0, 0, 0);
    seL4_IRQHandler_SetNotification(60, 61);
    EXPECT_CALL(60, msginfo(IRQSetIRQHandler, 1, 0), 0, 0, 0, 0);
    CHECK(seen_caps[0] == 61);
    seL4_IRQHandler_Clear(60);
    EXPECT_CALL(60, msginfo(IRQClearIRQHandler, 0, 0), 0, 0, 0, 0);
    seL4_DomainSet_Set(11, 3, 10);
    EXPECT_CALL(11, msginfo(DomainSetSet, 1, 1), 3, 0, 0, 0);
    CHECK(seen_caps[0] == 10);

    seL4_X86_PDPT_Map(70, 3, 0x8000000000ul, seL4_X86_Default_VMAttributes);
    EXPECT_CALL(70, msginfo(X86PDPTMap, 1, 2), 0x8000000000ul, 0, 0, 0);
    CHECK(seen_caps[0] == 3);
    seL4_X86_PDPT_Unmap(70);
    EXPECT_CALL(70, msginfo(X86PDPTUnmap, 0, 0), 0, 0, 0, 0);
    seL4_X86_PageDirectory_Map(71, 3, 0x40000000, seL4_X86_WriteThrough);
    EXPECT_CALL(71, msginfo(X86PageDirectoryMap, 1, 2), 0x40000000, 1, 0, 0);
    seL4_X86_PageDirectory_Unmap(71);
    EXPECT_CALL(71, msginfo(X86PageDirectoryUnmap, 0, 0), 0, 0, 0, 0);
    seL4_X86_PageTable_Map(72, 3, 0x200000, seL4_X86_CacheDisabled);
    EXPECT_CALL(72, msginfo(X86PageTableMap, 1, 2), 0x200000, 2, 0, 0);
    seL4_X86_PageTable_Unmap(72);
    EXPECT_CALL(72, msginfo(X86PageTableUnmap, 0, 0), 0, 0, 0, 0);
    seL4_X86_Page_Map(73, 3, 0x10000, seL4_ReadWrite, seL4_X86_WriteCombining);
    EXPECT_CALL(73, msginfo(X86PageMap, 1, 3), 0x10000, 0x3, 4, 0);
    CHECK(seen_caps[0] == 3);
    seL4_X86_Page_Unmap(73);
    EXPECT_CALL(73, msginfo(X86PageUnmap, 0, 0), 0, 0, 0, 0);

    prepare(0, 0, 0x1234000, 0, 0, 0);
    {
        seL4_X86_Page_GetAddress_t res = seL4_X86_Page_GetAddress(73);
        EXPECT_CALL(73, msginfo(X86PageGetAddress, 0, 0), 0, 0, 0, 0);
        CHECK(res.error == 0 && res.paddr == 0x1234000);
    }
    prepare(seL4_FailedLookup, 0, 1, 2, SEL4_MAPPING_LOOKUP_NO_PT, 0);
    err = seL4_X86_Page_Map(73, 3, 0x10000, seL4_ReadWrite, seL4_X86_Default_VMAttributes);
    CHECK(err == seL4_FailedLookup && seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PT);

    prepare(0, 0, 0, 0, 0, 0);
    seL4_X86_ASIDControl_MakePool(5, 80, 2, 81, 64);
    EXPECT_CALL(5, msginfo(X86ASIDControlMakePool, 2, 2), 81, 64, 0, 0);
    CHECK(seen_caps[0] == 80 && seen_caps[1] == 2);
    seL4_X86_ASIDPool_Assign(6, 3);
    EXPECT_CALL(6, msginfo(X86ASIDPoolAssign, 1, 0), 0, 0, 0, 0);
    CHECK(seen_caps[0] == 3);
    seL4_X86_IOPortControl_Issue(7, 0x3f8, 0x3ff, 2, 90, 64);
    EXPECT_CALL(7, msginfo(X86IOPortControlIssue, 1, 4), 0x3f8, 0x3ff, 90, 64);
    CHECK(seen_caps[0] == 2);

    prepare(0, 0, 0x1ffffffffful, 0, 0, 0);
    {
        seL4_X86_IOPort_In8_t r8 = seL4_X86_IOPort_In8(91, 0x3f8);
        EXPECT_CALL(91, msginfo(X86IOPortIn8, 0, 1), 0x3f8, 0, 0, 0);
        CHECK(r8.error == 0 && r8.result == 0xff);
    }
    {
        seL4_X86_IOPort_In16_t r16 = seL4_X86_IOPort_In16(91, 0x3f8);
        EXPECT_CALL(91, msginfo(X86IOPortIn16, 0, 1), 0x3f8, 0, 0, 0);
        CHECK(r16.result == 0xffff);
    }
    {
        seL4_X86_IOPort_In32_t r32 = seL4_X86_IOPort_In32(91, 0x3f8);
        EXPECT_CALL(91, msginfo(X86IOPortIn32, 0, 1), 0x3f8, 0, 0, 0);
        CHECK(r32.result == 0xffffffffu);
    }
    seL4_X86_IOPort_Out8(91, 0x3f8, 'x');
    EXPECT_CALL(91, msginfo(X86IOPortOut8, 0, 2), 0x3f8, 'x', 0, 0);
    seL4_X86_IOPort_Out16(91, 0x3f8, 0x1234);
    EXPECT_CALL(91, msginfo(X86IOPortOut16, 0, 2), 0x3f8, 0x1234, 0, 0);
    seL4_X86_IOPort_Out32(91, 0x3f8, 0x12345678);
    EXPECT_CALL(91, msginfo(X86IOPortOut32, 0, 2), 0x3f8, 0x12345678, 0, 0);
}

int main(void)
{
    seL4_SetIPCBuffer(&ipcbuf);
    failures += sel4emu_header_runtime_checks(report);
    check_syscalls();
    check_invocations();
    if (failures > checks)
        checks = failures;
    printf("headers: %d passed, %d failed\n", checks - failures, failures);
    return failures != 0;
}
