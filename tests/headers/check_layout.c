/*
 * Every number and layout of SEL4-FACTS.md sections (a)-(g) that the public
 * headers carry, checked at compile time. Values that only a function call
 * can produce (bitfield constructors, seL4_getFault, the stubs' packing) are
 * checked at run time by sel4emu_header_runtime_checks(), which
 * run_checks.c runs as a test.
 */
#include <stddef.h>
#include <sel4/sel4.h>
#include <sel4/messages.h>
#include <sel4runtime.h>
#include <sel4emu/entry.h>

#define CHECK(expr) _Static_assert(expr, #expr)
#define OFF(type, field, off) CHECK(offsetof(type, field) == (off))

/* The configuration (reference configuration). */
CHECK(CONFIG_WORD_SIZE == 64);
CHECK(CONFIG_MAX_NUM_NODES == 1);
CHECK(CONFIG_ROOT_CNODE_SIZE_BITS == 13);
CHECK(CONFIG_NUM_PRIORITIES == 256);
CHECK(CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS == 230);
CHECK(CONFIG_TIME_SLICE == 5);
CHECK(CONFIG_TIMER_TICK_MS == 2);
CHECK(CONFIG_RETYPE_FAN_OUT_LIMIT == 256);
CHECK(CONFIG_XSAVE_SIZE == 512);
#if !defined(CONFIG_DEBUG_BUILD) || !defined(CONFIG_PRINTING) || !defined(CONFIG_SYSCALL) || \
    !defined(CONFIG_SET_TLS_BASE_SELF) || !defined(CONFIG_FSGSBASE_MSR) ||                   \
    !defined(CONFIG_HUGE_PAGE) || !defined(CONFIG_FASTPATH)
#error "reference configuration option missing"
#endif
#if defined(CONFIG_KERNEL_MCS) || defined(CONFIG_ENABLE_SMP_SUPPORT) || defined(CONFIG_IOMMU) ||  \
    defined(CONFIG_VTX) || defined(CONFIG_HARDWARE_DEBUG_API) || defined(CONFIG_SYSENTER) ||      \
    defined(CONFIG_KERNEL_X86_DANGEROUS_MSR) || defined(CONFIG_ENABLE_BENCHMARKS) ||              \
    defined(CONFIG_DANGEROUS_CODE_INJECTION) || defined(CONFIG_FSGSBASE_INST)
#error "an option that is off in the reference configuration is on"
#endif
CHECK(seL4_UntypedRetypeMaxObjects == 256);

/* Types: sizes the stub generator assumes (its assert_size_correct list). */
CHECK(sizeof(seL4_Word) == 8);
CHECK(sizeof(seL4_CPtr) == 8);
CHECK(sizeof(seL4_Uint8) == 1);
CHECK(sizeof(seL4_Uint16) == 2);
CHECK(sizeof(seL4_Uint32) == 4);
CHECK(sizeof(seL4_Uint64) == 8);
CHECK(sizeof(seL4_Bool) == 1);
CHECK(sizeof(seL4_Time) == 8);
CHECK(sizeof(seL4_CapRights_t) == 8);
CHECK(sizeof(seL4_MessageInfo_t) == 8);
CHECK(sizeof(seL4_CNode_CapData_t) == 8);
CHECK(sizeof(seL4_X86_VMAttributes) == 8);
CHECK(sizeof(seL4_X86_EPT_VMAttributes) == 8);
CHECK(sizeof(seL4_UserContext) == 20 * 8);
CHECK(sizeof(seL4_VCPUContext) == 7 * 8);
CHECK(sizeof(seL4_Fault_t) == 20 * 8);
CHECK(sizeof(seL4_Error) == sizeof(int));
CHECK(sizeof(seL4_LookupFailureType) == 8);
CHECK(sizeof(seL4_Syscall_ID) == 8);
CHECK(sizeof(seL4_TCBFlag) == 8);

/* (a) System call numbers. */
CHECK(seL4_SysCall == -1);
CHECK(seL4_SysReplyRecv == -2);
CHECK(seL4_SysSend == -3);
CHECK(seL4_SysNBSend == -4);
CHECK(seL4_SysRecv == -5);
CHECK(seL4_SysReply == -6);
CHECK(seL4_SysYield == -7);
CHECK(seL4_SysNBRecv == -8);
CHECK(seL4_SysDebugPutChar == -9);
CHECK(seL4_SysDebugDumpScheduler == -10);
CHECK(seL4_SysDebugHalt == -11);
CHECK(seL4_SysDebugCapIdentify == -12);
CHECK(seL4_SysDebugSnapshot == -13);
CHECK(seL4_SysDebugNameThread == -14);
CHECK(seL4_SysDebugSendIPI == -15);
CHECK(seL4_SysSetTLSBase == -29);
CHECK(SYSCALL_MIN == -8);
CHECK(SYSCALL_MAX == -1);

/* (a) Message info, rights and CNode cap data layouts; the constructors
 * themselves are checked at run time. */
CHECK(seL4_MsgLengthBits == 7);
CHECK(seL4_MsgExtraCapBits == 2);
CHECK(seL4_MsgMaxLength == 120);
CHECK(seL4_MsgMaxExtraCaps == 3);
CHECK(seL4_FastMessageRegisters == 4);

/* (b) Invocation labels. */
CHECK(InvalidInvocation == 0);
CHECK(UntypedRetype == 1);
CHECK(TCBReadRegisters == 2);
CHECK(TCBWriteRegisters == 3);
CHECK(TCBCopyRegisters == 4);
CHECK(TCBConfigure == 5);
CHECK(TCBSetPriority == 6);
CHECK(TCBSetMCPriority == 7);
CHECK(TCBSetSchedParams == 8);
CHECK(TCBSetIPCBuffer == 9);
CHECK(TCBSetSpace == 10);
CHECK(TCBSuspend == 11);
CHECK(TCBResume == 12);
CHECK(TCBBindNotification == 13);
CHECK(TCBUnbindNotification == 14);
CHECK(TCBSetTLSBase == 15);
CHECK(TCBSetFlags == 16);
CHECK(CNodeRevoke == 17);
CHECK(CNodeDelete == 18);
CHECK(CNodeCancelBadgedSends == 19);
CHECK(CNodeCopy == 20);
CHECK(CNodeMint == 21);
CHECK(CNodeMove == 22);
CHECK(CNodeMutate == 23);
CHECK(CNodeRotate == 24);
CHECK(CNodeSaveCaller == 25);
CHECK(IRQIssueIRQHandler == 26);
CHECK(IRQAckIRQ == 27);
CHECK(IRQSetIRQHandler == 28);
CHECK(IRQClearIRQHandler == 29);
CHECK(DomainSetSet == 30);
CHECK(nInvocationLabels == 31);
CHECK(X86PDPTMap == 31);
CHECK(X86PDPTUnmap == 32);
CHECK(nSeL4ArchInvocationLabels == 33);
CHECK(X86PageDirectoryMap == 33);
CHECK(X86PageDirectoryUnmap == 34);
CHECK(X86PageTableMap == 35);
CHECK(X86PageTableUnmap == 36);
CHECK(X86PageMap == 37);
CHECK(X86PageUnmap == 38);
CHECK(X86PageGetAddress == 39);
CHECK(X86ASIDControlMakePool == 40);
CHECK(X86ASIDPoolAssign == 41);
CHECK(X86IOPortControlIssue == 42);
CHECK(X86IOPortIn8 == 43);
CHECK(X86IOPortIn16 == 44);
CHECK(X86IOPortIn32 == 45);
CHECK(X86IOPortOut8 == 46);
CHECK(X86IOPortOut16 == 47);
CHECK(X86IOPortOut32 == 48);
CHECK(X86IRQIssueIRQHandlerIOAPIC == 49);
CHECK(X86IRQIssueIRQHandlerMSI == 50);
CHECK(nArchInvocationLabels == 51);

/* (c) seL4_BootInfo. */
OFF(seL4_BootInfo, extraLen, 0x000);
OFF(seL4_BootInfo, nodeID, 0x008);
OFF(seL4_BootInfo, numNodes, 0x010);
OFF(seL4_BootInfo, numIOPTLevels, 0x018);
OFF(seL4_BootInfo, ipcBuffer, 0x020);
OFF(seL4_BootInfo, empty, 0x028);
OFF(seL4_BootInfo, sharedFrames, 0x038);
OFF(seL4_BootInfo, userImageFrames, 0x048);
OFF(seL4_BootInfo, userImagePaging, 0x058);
OFF(seL4_BootInfo, ioSpaceCaps, 0x068);
OFF(seL4_BootInfo, extraBIPages, 0x078);
OFF(seL4_BootInfo, initThreadCNodeSizeBits, 0x088);
OFF(seL4_BootInfo, initThreadDomain, 0x090);
OFF(seL4_BootInfo, untyped, 0x098);
OFF(seL4_BootInfo, untypedList, 0x0a8);
CHECK(sizeof(seL4_BootInfo) == 3848);
CHECK(sizeof(((seL4_BootInfo *)0)->untypedList) / sizeof(seL4_UntypedDesc) == 230);
CHECK(sizeof(seL4_SlotRegion) == 16);
OFF(seL4_SlotRegion, start, 0);
OFF(seL4_SlotRegion, end, 8);
CHECK(sizeof(seL4_UntypedDesc) == 16);
OFF(seL4_UntypedDesc, paddr, 0);
OFF(seL4_UntypedDesc, sizeBits, 8);
OFF(seL4_UntypedDesc, isDevice, 9);
CHECK(sizeof(seL4_BootInfoHeader) == 16);
OFF(seL4_BootInfoHeader, id, 0);
OFF(seL4_BootInfoHeader, len, 8);
CHECK(SEL4_BOOTINFO_HEADER_PADDING == 0);
CHECK(SEL4_BOOTINFO_HEADER_X86_VBE == 1);
CHECK(SEL4_BOOTINFO_HEADER_X86_MBMMAP == 2);
CHECK(SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP == 3);
CHECK(SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER == 4);
CHECK(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ == 5);
CHECK(SEL4_BOOTINFO_HEADER_FDT == 6);

/* (c) seL4_IPCBuffer. */
OFF(seL4_IPCBuffer, tag, 0x000);
OFF(seL4_IPCBuffer, msg, 0x008);
OFF(seL4_IPCBuffer, userData, 0x3c8);
OFF(seL4_IPCBuffer, caps_or_badges, 0x3d0);
OFF(seL4_IPCBuffer, receiveCNode, 0x3e8);
OFF(seL4_IPCBuffer, receiveIndex, 0x3f0);
OFF(seL4_IPCBuffer, receiveDepth, 0x3f8);
CHECK(sizeof(seL4_IPCBuffer) == 1024);
CHECK(_Alignof(seL4_IPCBuffer) == 1024);
CHECK(sizeof(((seL4_IPCBuffer *)0)->msg) == 120 * 8);
CHECK(sizeof(((seL4_IPCBuffer *)0)->caps_or_badges) == 3 * 8);
CHECK((1 << seL4_IPCBufferSizeBits) == sizeof(seL4_IPCBuffer));

/* (c) Initial caps. */
CHECK(seL4_CapNull == 0);
CHECK(seL4_CapInitThreadTCB == 1);
CHECK(seL4_CapInitThreadCNode == 2);
CHECK(seL4_CapInitThreadVSpace == 3);
CHECK(seL4_CapIRQControl == 4);
CHECK(seL4_CapASIDControl == 5);
CHECK(seL4_CapInitThreadASIDPool == 6);
CHECK(seL4_CapIOPortControl == 7);
CHECK(seL4_CapIOSpace == 8);
CHECK(seL4_CapBootInfoFrame == 9);
CHECK(seL4_CapInitThreadIPCBuffer == 10);
CHECK(seL4_CapDomain == 11);
CHECK(seL4_CapSMMUSIDControl == 12);
CHECK(seL4_CapSMMUCBControl == 13);
CHECK(seL4_CapInitThreadSC == 14);
CHECK(seL4_CapSMC == 15);
CHECK(seL4_NumInitialCaps == 16);
CHECK(seL4_CapInitThreadPD == 3);

/* (d) Object types. */
CHECK(seL4_UntypedObject == 0);
CHECK(seL4_TCBObject == 1);
CHECK(seL4_EndpointObject == 2);
CHECK(seL4_NotificationObject == 3);
CHECK(seL4_CapTableObject == 4);
CHECK(seL4_NonArchObjectTypeCount == 5);
CHECK(seL4_X86_PDPTObject == 5);
CHECK(seL4_X64_PML4Object == 6);
CHECK(seL4_X64_HugePageObject == 7);
CHECK(seL4_ModeObjectTypeCount == 8);
CHECK(seL4_X86_4K == 8);
CHECK(seL4_X86_LargePageObject == 9);
CHECK(seL4_X86_PageTableObject == 10);
CHECK(seL4_X86_PageDirectoryObject == 11);
CHECK(seL4_ObjectTypeCount == 12);
CHECK(seL4_X86_IOPageTableObject == 0xffffff);
CHECK(seL4_X86_VCPUObject == 0xfffffe);
CHECK(seL4_X86_EPTPML4Object == 0xfffffd);
CHECK(seL4_X86_EPTPDPTObject == 0xfffffc);
CHECK(seL4_X86_EPTPDObject == 0xfffffb);
CHECK(seL4_X86_EPTPTObject == 0xfffffa);

/* (d) Sizes. */
CHECK(seL4_TCBBits == 11);
CHECK(seL4_EndpointBits == 4);
CHECK(seL4_NotificationBits == 5);
CHECK(seL4_SlotBits == 5);
CHECK(seL4_MinUntypedBits == 4);
CHECK(seL4_MaxUntypedBits == 47);
CHECK(seL4_PageBits == 12);
CHECK(seL4_LargePageBits == 21);
CHECK(seL4_HugePageBits == 30);
CHECK(seL4_PageTableBits == 12);
CHECK(seL4_PageDirBits == 12);
CHECK(seL4_PDPTBits == 12);
CHECK(seL4_PML4Bits == 12);
CHECK(seL4_VSpaceBits == 12);
CHECK(seL4_PageTableEntryBits == 3 && seL4_PageTableIndexBits == 9);
CHECK(seL4_PageDirEntryBits == 3 && seL4_PageDirIndexBits == 9);
CHECK(seL4_PDPTEntryBits == 3 && seL4_PDPTIndexBits == 9);
CHECK(seL4_PML4EntryBits == 3 && seL4_PML4IndexBits == 9);
CHECK(seL4_ASIDPoolBits == 12);
CHECK(seL4_ASIDPoolIndexBits == 9);
CHECK(seL4_NumASIDPoolsBits == 3);
CHECK(seL4_IOPageTableBits == 12);
CHECK(seL4_IPCBufferSizeBits == 10);
CHECK(seL4_BootInfoFrameBits == 12);
CHECK(seL4_WordBits == 64);
CHECK(seL4_WordSizeBits == 3);
CHECK(seL4_GuardBits == 58);
CHECK(seL4_GuardSizeBits == 6);
CHECK(seL4_BadgeBits == 64);
CHECK(seL4_UserTop == 0x00007ffffffff000ul);
CHECK(seL4_MinPrio == 0);
CHECK(seL4_MaxPrio == 255);
CHECK(seL4_InvalidPrio == -1);
CHECK(seL4_X86_Default_VMAttributes == 0);
CHECK(seL4_X86_WriteBack == 0);
CHECK(seL4_X86_WriteThrough == 1);
CHECK(seL4_X86_CacheDisabled == 2);
CHECK(seL4_X86_Uncacheable == 3);
CHECK(seL4_X86_WriteCombining == 4);
CHECK(seL4_TCBFlag_NoFlag == 0);
CHECK(seL4_TCBFlag_fpuDisabled == 1);
CHECK(seL4_TCBFlag_MASK == 1);

/* (e) Errors and lookup failures. */
CHECK(seL4_NoError == 0);
CHECK(seL4_InvalidArgument == 1);
CHECK(seL4_InvalidCapability == 2);
CHECK(seL4_IllegalOperation == 3);
CHECK(seL4_RangeError == 4);
CHECK(seL4_AlignmentError == 5);
CHECK(seL4_FailedLookup == 6);
CHECK(seL4_TruncatedMessage == 7);
CHECK(seL4_DeleteFirst == 8);
CHECK(seL4_RevokeFirst == 9);
CHECK(seL4_NotEnoughMemory == 10);
CHECK(seL4_NumErrors == 11);
CHECK(seL4_NoFailure == 0);
CHECK(seL4_InvalidRoot == 1);
CHECK(seL4_MissingCapability == 2);
CHECK(seL4_DepthMismatch == 3);
CHECK(seL4_GuardMismatch == 4);

/* (f) Auxiliary vector and register order of seL4_UserContext. */
CHECK(AT_SEL4_BOOT_INFO == 64);
CHECK(AT_SEL4_CSPACE_DESCRIPTOR == 65);
CHECK(AT_SEL4_VSYSCALL == 66);
CHECK(AT_SEL4_IPC_BUFFER_PTR == 67);
CHECK(AT_SEL4_IPC_BUFFER == 68);
CHECK(AT_SEL4_TCB == 69);
CHECK(AT_SEL4_CNODE == 70);
CHECK(AT_SEL4_VSPACE == 71);
CHECK(AT_SEL4_ASID_POOL == 72);
OFF(seL4_UserContext, rip, 0 * 8);
OFF(seL4_UserContext, rsp, 1 * 8);
OFF(seL4_UserContext, rflags, 2 * 8);
OFF(seL4_UserContext, rax, 3 * 8);
OFF(seL4_UserContext, rbx, 4 * 8);
OFF(seL4_UserContext, rcx, 5 * 8);
OFF(seL4_UserContext, rdx, 6 * 8);
OFF(seL4_UserContext, rsi, 7 * 8);
OFF(seL4_UserContext, rdi, 8 * 8);
OFF(seL4_UserContext, rbp, 9 * 8);
OFF(seL4_UserContext, r8, 10 * 8);
OFF(seL4_UserContext, r9, 11 * 8);
OFF(seL4_UserContext, r10, 12 * 8);
OFF(seL4_UserContext, r11, 13 * 8);
OFF(seL4_UserContext, r12, 14 * 8);
OFF(seL4_UserContext, r13, 15 * 8);
OFF(seL4_UserContext, r14, 16 * 8);
OFF(seL4_UserContext, r15, 17 * 8);
OFF(seL4_UserContext, fs_base, 18 * 8);
OFF(seL4_UserContext, gs_base, 19 * 8);

/* (g) Fault labels and message layouts. */
CHECK(seL4_Fault_NullFault == 0);
CHECK(seL4_Fault_CapFault == 1);
CHECK(seL4_Fault_UnknownSyscall == 2);
CHECK(seL4_Fault_UserException == 3);
CHECK(seL4_Fault_VMFault == 5);
CHECK(seL4_VMFault_IP == 0);
CHECK(seL4_VMFault_Addr == 1);
CHECK(seL4_VMFault_PrefetchFault == 2);
CHECK(seL4_VMFault_FSR == 3);
CHECK(seL4_VMFault_Length == 4);
CHECK(seL4_UnknownSyscall_RAX == 0);
CHECK(seL4_UnknownSyscall_RBX == 1);
CHECK(seL4_UnknownSyscall_RCX == 2);
CHECK(seL4_UnknownSyscall_RDX == 3);
CHECK(seL4_UnknownSyscall_RSI == 4);
CHECK(seL4_UnknownSyscall_RDI == 5);
CHECK(seL4_UnknownSyscall_RBP == 6);
CHECK(seL4_UnknownSyscall_R8 == 7);
CHECK(seL4_UnknownSyscall_R9 == 8);
CHECK(seL4_UnknownSyscall_R10 == 9);
CHECK(seL4_UnknownSyscall_R11 == 10);
CHECK(seL4_UnknownSyscall_R12 == 11);
CHECK(seL4_UnknownSyscall_R13 == 12);
CHECK(seL4_UnknownSyscall_R14 == 13);
CHECK(seL4_UnknownSyscall_R15 == 14);
CHECK(seL4_UnknownSyscall_FaultIP == 15);
CHECK(seL4_UnknownSyscall_SP == 16);
CHECK(seL4_UnknownSyscall_FLAGS == 17);
CHECK(seL4_UnknownSyscall_Syscall == 18);
CHECK(seL4_UnknownSyscall_Length == 19);
CHECK(seL4_UserException_FaultIP == 0);
CHECK(seL4_UserException_SP == 1);
CHECK(seL4_UserException_FLAGS == 2);
CHECK(seL4_UserException_Number == 3);
CHECK(seL4_UserException_Code == 4);
CHECK(seL4_UserException_Length == 5);
CHECK(seL4_CapFault_IP == 0);
CHECK(seL4_CapFault_Addr == 1);
CHECK(seL4_CapFault_InRecvPhase == 2);
CHECK(seL4_CapFault_LookupFailureType == 3);
CHECK(seL4_CapFault_BitsLeft == 4);
CHECK(seL4_CapFault_DepthMismatch_BitsFound == 5);
CHECK(seL4_CapFault_GuardMismatch_GuardFound == 5);
CHECK(seL4_CapFault_GuardMismatch_BitsFound == 6);
CHECK(seL4_DataFault == 0);
CHECK(seL4_InstructionFault == 1);

/* Mapping failure reporting. */
CHECK(SEL4_MAPPING_LOOKUP_LEVEL == 2);
CHECK(SEL4_MAPPING_LOOKUP_NO_PT == 21);
CHECK(SEL4_MAPPING_LOOKUP_NO_PD == 30);
CHECK(SEL4_MAPPING_LOOKUP_NO_PDPT == 39);

/* The frame libsel4emu receives: one word per register of the convention. */
CHECK(sizeof(sel4emu_syscall_frame_t) == 7 * 8);

/* Result structures of the stubs. */
OFF(seL4_X86_Page_GetAddress_t, error, 0);
OFF(seL4_X86_Page_GetAddress_t, paddr, 8);
OFF(seL4_TCB_SetFlags_t, flags, 8);
CHECK(sizeof(((seL4_X86_IOPort_In8_t *)0)->result) == 1);
CHECK(sizeof(((seL4_X86_IOPort_In16_t *)0)->result) == 2);
CHECK(sizeof(((seL4_X86_IOPort_In32_t *)0)->result) == 4);

/*
 * Run-time half: values produced by functions. Returns the number of failed
 * checks and reports each through report (may be NULL). Uses the IPC buffer
 * the caller has installed with seL4_SetIPCBuffer().
 */
int sel4emu_header_runtime_checks(void (*report)(const char *what));

#define RUNTIME_CHECK(expr)      \
    do {                         \
        if (!(expr)) {           \
            failures++;          \
            if (report) {        \
                report(#expr);   \
            }                    \
        }                        \
    } while (0)

int sel4emu_header_runtime_checks(void (*report)(const char *what))
{
    int failures = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0x123, 1, 2, 3);
    seL4_Fault_t fault;
    int i;

    /* (a) message info, cap rights, CNode cap data. */
    RUNTIME_CHECK(info.words[0] == 0x123303);
    RUNTIME_CHECK(seL4_MessageInfo_get_label(info) == 0x123);
    RUNTIME_CHECK(seL4_MessageInfo_get_capsUnwrapped(info) == 1);
    RUNTIME_CHECK(seL4_MessageInfo_get_extraCaps(info) == 2);
    RUNTIME_CHECK(seL4_MessageInfo_get_length(info) == 3);
    RUNTIME_CHECK(seL4_MessageInfo_new(0xfffffffffffffull, 0, 0, 0).words[0] == 0xfffffffffffff000ull);
    RUNTIME_CHECK(seL4_MessageInfo_new(0, 0, 0, 1).words[0] == 0x1); /* seL4_Signal's msginfo */
    RUNTIME_CHECK(seL4_CNode_CapData_new(5, 3).words[0] == 0x143);
    RUNTIME_CHECK(seL4_AllRights.words[0] == 0xf);
    RUNTIME_CHECK(seL4_ReadWrite.words[0] == 0x3);
    RUNTIME_CHECK(seL4_CanRead.words[0] == 0x2);
    RUNTIME_CHECK(seL4_CanWrite.words[0] == 0x1);
    RUNTIME_CHECK(seL4_CanGrant.words[0] == 0x4);
    RUNTIME_CHECK(seL4_CanGrantReply.words[0] == 0x8);
    RUNTIME_CHECK(seL4_NoWrite.words[0] == 0xe);
    RUNTIME_CHECK(seL4_NoRead.words[0] == 0xd);
    RUNTIME_CHECK(seL4_NoRights.words[0] == 0x0);
    RUNTIME_CHECK(seL4_CapRights_get_capAllowGrantReply(seL4_CanGrantReply) == 1);
    RUNTIME_CHECK(seL4_CapRights_get_capAllowWrite(seL4_CanWrite) == 1);

    /* (g) seL4_getFault reads the fault MRs from the IPC buffer. */
    for (i = 0; i < 20; i++) {
        seL4_SetMR(i, 0x100 + (seL4_Word)i);
    }
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_VMFault, 0, 0, seL4_VMFault_Length));
    RUNTIME_CHECK(seL4_Fault_get_seL4_FaultType(fault) == seL4_Fault_VMFault);
    RUNTIME_CHECK(seL4_Fault_VMFault_get_IP(fault) == 0x100);
    RUNTIME_CHECK(seL4_Fault_VMFault_get_Addr(fault) == 0x101);
    RUNTIME_CHECK(seL4_Fault_VMFault_get_PrefetchFault(fault) == 0x102);
    RUNTIME_CHECK(seL4_Fault_VMFault_get_FSR(fault) == 0x103);

    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_CapFault, 0, 0, 7));
    RUNTIME_CHECK(seL4_Fault_get_seL4_FaultType(fault) == seL4_Fault_CapFault);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_IP(fault) == 0x100);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_Addr(fault) == 0x101);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_InRecvPhase(fault) == 0x102);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_LookupFailureType(fault) == 0x103);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_MR4(fault) == 0x104);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_MR5(fault) == 0x105);
    RUNTIME_CHECK(seL4_Fault_CapFault_get_MR6(fault) == 0x106);

    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_UnknownSyscall, 0, 0, 19));
    RUNTIME_CHECK(seL4_Fault_get_seL4_FaultType(fault) == seL4_Fault_UnknownSyscall);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_RAX(fault) == 0x100);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_RDI(fault) == 0x105);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_R15(fault) == 0x10e);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_FaultIP(fault) == 0x10f);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_RSP(fault) == 0x110);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_FLAGS(fault) == 0x111);
    RUNTIME_CHECK(seL4_Fault_UnknownSyscall_get_Syscall(fault) == 0x112);

    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_UserException, 0, 0, 5));
    RUNTIME_CHECK(seL4_Fault_get_seL4_FaultType(fault) == seL4_Fault_UserException);
    RUNTIME_CHECK(seL4_Fault_UserException_get_FaultIP(fault) == 0x100);
    RUNTIME_CHECK(seL4_Fault_UserException_get_Stack(fault) == 0x101);
    RUNTIME_CHECK(seL4_Fault_UserException_get_FLAGS(fault) == 0x102);
    RUNTIME_CHECK(seL4_Fault_UserException_get_Number(fault) == 0x103);
    RUNTIME_CHECK(seL4_Fault_UserException_get_Code(fault) == 0x104);

    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_NullFault, 0, 0, 0));
    RUNTIME_CHECK(seL4_Fault_get_seL4_FaultType(fault) == seL4_Fault_NullFault);
    fault = seL4_getFault(seL4_MessageInfo_new(4, 0, 0, 0)); /* no DebugException here */
    RUNTIME_CHECK(seL4_Fault_get_seL4_FaultType(fault) == seL4_Fault_NullFault);

    fault = seL4_Fault_VMFault_set_Addr(fault, 7);
    RUNTIME_CHECK(seL4_Fault_ptr_get_seL4_FaultType(&fault) == seL4_Fault_NullFault);
    RUNTIME_CHECK(seL4_Fault_VMFault_ptr_get_Addr(&fault) == 7);
    RUNTIME_CHECK(seL4_isVMFault_tag(seL4_MessageInfo_new(5, 0, 0, 4)));
    RUNTIME_CHECK(seL4_isCapFault_tag(seL4_MessageInfo_new(1, 0, 0, 4)));

    /* Mapping failures report the lookup level in MR2. */
    seL4_SetMR(2, SEL4_MAPPING_LOOKUP_NO_PD);
    RUNTIME_CHECK(seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PD);

    return failures;
}
