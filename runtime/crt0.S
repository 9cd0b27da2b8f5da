/*
 * _sel4_start: the ELF entry point of a static seL4 root task (x86_64).
 *
 * The seL4 kernel starts the root task here with RDI = the bootinfo frame's
 * virtual address, RSP = 0 and every other general-purpose register 0
 * (create_initial_thread, Mode_initContext). There is no stack, so take the
 * static one below, leave RDI alone (it is the first argument of the C
 * start, __sel4emu_start_root(seL4_BootInfo *)) and call into C with RSP
 * 16-byte aligned before the call, as the SysV ABI wants. RBP = 0 ends
 * stack traces here.
 */
    .section .bss.sel4emu_stack, "aw", @nobits
    .balign 16
__sel4emu_stack_bottom:
    .space 16384 /* as sel4runtime's CONFIG_SEL4RUNTIME_ROOT_STACK */
__sel4emu_stack_top:

    .text
    .globl _sel4_start
    .type _sel4_start, @function
_sel4_start:
    .cfi_startproc
    .cfi_undefined rip
    leaq __sel4emu_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    call __sel4emu_start_root
    ud2 /* __sel4emu_start_root never returns */
    .cfi_endproc
    .size _sel4_start, . - _sel4_start

    .section .note.GNU-stack, "", @progbits
