// The header tree must also parse as C++ (seL4 programs written in C++ include
// <sel4/sel4.h> too). Built as an object only, in API mode and SEL4EMU_NATIVE.
#include <sel4/sel4.h>
#include <sel4/messages.h>
#include <sel4/arch/mapping.h>
#include <sel4/assert.h>
#include <sel4/debug_assert.h>
#include <sel4runtime.h>

seL4_CompileTimeAssert(sizeof(seL4_IPCBuffer) == 1024)

extern "C" seL4_Word cxx_parse(seL4_CPtr ep);

seL4_Word cxx_parse(seL4_CPtr ep)
{
    seL4_Word badge = 0;
    seL4_Word *no_mr = seL4_Null;
    seL4_UserContext regs = {};
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 1);

    seL4_SetMR(0, 1);
    info = seL4_Call(ep, info);
    info = seL4_CallWithMRs(ep, info, no_mr, no_mr, no_mr, no_mr);
    seL4_Wait(ep, &badge);
    seL4_DebugNameThread(seL4_CapInitThreadTCB, sel4runtime_process_name());
    seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    seL4_Fault_t fault = seL4_getFault(info);
    seL4_X86_Page_GetAddress_t addr = seL4_X86_Page_GetAddress(ep);
    seL4_Error err = seL4_X86_Page_Map(ep, seL4_CapInitThreadVSpace, 0x10000, seL4_ReadWrite,
                                       seL4_X86_Default_VMAttributes);
    return badge + addr.paddr + (seL4_Word)err + seL4_Fault_get_seL4_FaultType(fault) + regs.rip +
           seL4_MappingFailedLookupLevel();
}
