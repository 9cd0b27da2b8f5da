/*
 * _sel4_start_child: the ELF entry point of a process that another seL4
 * program spawned (x86_64). seL4 hands a new thread nothing but the
 * registers its creator wrote (seL4_TCB_WriteRegisters), so this runtime
 * fixes a convention (README.md, "Child processes"):
 *
 *   RSP = top of a stack the spawner mapped (16-byte aligned; realigned here)
 *   RDI = virtual address of the child's IPC buffer (its TCB's buffer)
 *   RSI = an argument word from the spawner
 *   slot 1 of the child's CSpace = a cap to its own TCB
 *
 * __sel4emu_start_child(ipc_buffer, arg) sets up TLS and the IPC buffer
 * pointer and runs int child_main(seL4_Word arg). When it returns, the
 * child stops without faulting: R12 = child_main's value (sign-extended),
 * for the spawner to read with seL4_TCB_ReadRegisters, and the child
 * suspends itself with seL4_TCB_Suspend on slot 1. That is written out here
 * rather than in C so that R12 is certain: seL4 gives every register back
 * from a system call except RCX, R11, RSP (0 after sysretq) and the ones
 * the reply writes (RDI, RSI, R10, R8, R9, R15). Nothing below uses the
 * stack, so RSP = 0 after each `syscall` is harmless.
 *
 * A resumed, self-suspended child executes the Suspend again (seL4
 * restarts the system call). Should the Suspend come back (slot 1 is not
 * the child's TCB), the child receives on cptr 0, which is null by the
 * convention: a cap fault, delivered to its fault endpoint, or, without
 * one, seL4's double fault report and the thread stopped (Inactive). A
 * reply to that cap fault lands here again.
 */
    .text
    .globl _sel4_start_child
    .type _sel4_start_child, @function
_sel4_start_child:
    .cfi_startproc
    .cfi_undefined rip
    xorl %ebp, %ebp          /* ends stack traces here */
    andq $-16, %rsp          /* SysV: 16-byte aligned before the call */
    call __sel4emu_start_child
    movslq %eax, %r12        /* child_main's value, where ReadRegisters finds it */
.Lsel4emu_child_stop:
    movq $1, %rdi            /* the child's own TCB (slot 1) */
    movq $0xb000, %rsi       /* seL4_MessageInfo_new(TCBSuspend = 11, 0, 0, 0) */
    movq $-1, %rdx           /* seL4_SysCall */
    syscall
    xorl %edi, %edi          /* cptr 0: null */
    movq $-5, %rdx           /* seL4_SysRecv: a cap fault on a null cap */
    syscall
    jmp .Lsel4emu_child_stop
    .cfi_endproc
    .size _sel4_start_child, . - _sel4_start_child

    .section .note.GNU-stack, "", @progbits
