/* IRQControl and IRQHandler caps (manual 9). Interrupts arrive with issue #5. */
#include <core.h>

exception_t decode_irq_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot, word_t *buffer)
{
    if (label == IRQIssueIRQHandler || label == X86IRQIssueIRQHandlerIOAPIC || label == X86IRQIssueIRQHandlerMSI)
        return not_implemented(k, label, "interrupts arrive with issue #5");
    user_error(k, "IRQControl: Illegal operation.");
    return syscall_error(k, seL4_IllegalOperation);
}

exception_t decode_irq_handler_invocation(kernel_t *k, word_t label, word_t irq)
{
    if (label == IRQAckIRQ || label == IRQSetIRQHandler || label == IRQClearIRQHandler)
        return not_implemented(k, label, "interrupts arrive with issue #5");
    user_error(k, "IRQHandler: Illegal operation.");
    return syscall_error(k, seL4_IllegalOperation);
}

void deleting_irq_handler(kernel_t *k, word_t irq)
{
}

void deleted_irq_handler(kernel_t *k, word_t irq)
{
}
