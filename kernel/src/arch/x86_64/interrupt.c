/*
 * x86 interrupts (seL4's arch/x86/object/interrupt.c and the pc99 IOAPIC
 * driver): vectors are handed out by IRQControl_GetIOAPIC and GetMSI;
 * the emulated IOAPIC has one redirection entry per pin, which the host's
 * device models raise.
 */
#include <core.h>

void arch_irq_state_init(kernel_t *k)
{
    for (word_t irq = 0; irq <= maxIRQ; irq++) {
        if (irq == irq_timer)
            k->irq_state[irq] = IRQTimer;
        else if (irq >= irq_user_min && irq <= irq_user_max)
            k->irq_state[irq] = IRQInactive;
        else
            k->irq_state[irq] = IRQReserved; /* the ISA range, with the legacy PIC off */
        k->irq_source[irq].type = irq == irq_timer ? x86_irq_reserved : x86_irq_free;
    }
    for (word_t pin = 0; pin < ARRAY_SIZE(k->ioapic); pin++)
        k->ioapic[pin] = (ioapic_pin_t){ .masked = 1 };
}

/* seL4's Arch_checkIRQ: with the IOAPIC, IRQControl_Get (the PIC's ISA IRQs) is not offered. */
exception_t arch_check_irq(kernel_t *k, word_t irq)
{
    user_error(k, "IRQControl: Illegal operation");
    return syscall_error(k, seL4_IllegalOperation);
}

static exception_t decode_ioapic_pin(kernel_t *k, word_t ioapic, word_t pin, word_t level, word_t polarity)
{
    if (ioapic >= NUM_IOAPICS) {
        user_error(k, "Invalid IOAPIC %ld, only have %ld", (long)ioapic, (long)NUM_IOAPICS);
        return range_error(k, 0, NUM_IOAPICS - 1);
    }
    if (pin >= IOAPIC_IRQ_LINES) {
        user_error(k, "Invalid IOAPIC pin %ld, there are %d pins", (long)pin, IOAPIC_IRQ_LINES);
        return range_error(k, 0, IOAPIC_IRQ_LINES - 1);
    }
    if (level > 1) {
        user_error(k, "Level should be 0 or 1, not %d", (int)level);
        return range_error(k, 0, 1);
    }
    if (polarity > 1) {
        user_error(k, "Polarity should be 0 or 1, not %d", (int)polarity);
        return range_error(k, 0, 1);
    }
    return EXCEPTION_NONE;
}

static exception_t check_pci(kernel_t *k, word_t value, word_t max)
{
    return value > max ? range_error(k, 0, max) : EXCEPTION_NONE;
}

exception_t arch_decode_irq_control_invocation(kernel_t *k, word_t label, word_t length, cte_t *slot,
                                               word_t *buffer)
{
    if (label != X86IRQIssueIRQHandlerIOAPIC && label != X86IRQIssueIRQHandlerMSI) {
        user_error(k, "IRQControl: Illegal operation");
        return syscall_error(k, seL4_IllegalOperation);
    }
    if (length < 7 || !k->extra_caps[0]) {
        user_error(k, "IRQControl: Truncated message");
        return syscall_error(k, seL4_TruncatedMessage);
    }
    word_t index = get_syscall_arg(k, 0, buffer), depth = get_syscall_arg(k, 1, buffer);
    word_t irq = get_syscall_arg(k, 6, buffer);
    if (irq > irq_user_max - irq_user_min) {
        user_error(k, "IRQControl: Invalid irq %ld should be between 0-%ld", (long)irq,
                   (long)(irq_user_max - irq_user_min));
        return range_error(k, 0, irq_user_max - irq_user_min);
    }
    irq += irq_user_min;
    if (k->irq_state[irq] != IRQInactive) {
        user_error(k, "IRQControl: IRQ %d is already active.", (int)irq);
        return syscall_error(k, seL4_RevokeFirst);
    }
    lookup_slot_ret_t target = lookup_target_slot(k, k->extra_caps[0]->cap, index, depth);
    if (target.status != EXCEPTION_NONE)
        return target.status;
    exception_t status = ensure_empty_slot(k, target.slot);
    if (status != EXCEPTION_NONE)
        return status;

    word_t a2 = get_syscall_arg(k, 2, buffer), a3 = get_syscall_arg(k, 3, buffer);
    word_t a4 = get_syscall_arg(k, 4, buffer), a5 = get_syscall_arg(k, 5, buffer);
    x86_irq_source_t source = { 0 };
    if (label == X86IRQIssueIRQHandlerIOAPIC) {
        status = decode_ioapic_pin(k, a2, a3, a4, a5);
        if (status != EXCEPTION_NONE)
            return status;
        source = (x86_irq_source_t){ .type = x86_irq_ioapic, .ioapic = (uint8_t)a2, .pin = (uint8_t)a3,
                                     .level = (uint8_t)a4, .polarity = (uint8_t)a5 };
        /* ioapic_map_pin_to_vector: the pin now delivers this vector, masked until the handler exists */
        k->ioapic[a2 * IOAPIC_IRQ_LINES + a3] = (ioapic_pin_t){
            .mapped = 1, .masked = 1, .level = (uint8_t)a4, .polarity = (uint8_t)a5, .irq = (uint8_t)irq
        };
    } else {
        if ((status = check_pci(k, a2, PCI_BUS_MAX)) != EXCEPTION_NONE ||
            (status = check_pci(k, a3, PCI_DEV_MAX)) != EXCEPTION_NONE ||
            (status = check_pci(k, a4, PCI_FUNC_MAX)) != EXCEPTION_NONE)
            return status;
        source = (x86_irq_source_t){ .type = x86_irq_msi, .pci_bus = (uint8_t)a2, .pci_dev = (uint8_t)a3,
                                     .pci_func = (uint8_t)a4, .handle = a5 };
    }
    set_thread_state(k, k->cur_thread, ThreadState_Restart);
    k->irq_source[irq] = source;
    return invoke_irq_control(k, irq, target.slot, slot);
}

static ioapic_pin_t *pin_of_irq(kernel_t *k, word_t irq)
{
    x86_irq_source_t *s = &k->irq_source[irq];
    if (s->type != x86_irq_ioapic || s->ioapic >= NUM_IOAPICS || s->pin >= IOAPIC_IRQ_LINES)
        return NULL;
    return &k->ioapic[s->ioapic * IOAPIC_IRQ_LINES + s->pin];
}

/*
 * seL4's maskInterrupt. Only IOAPIC lines can be masked (MSIs cannot). An
 * interrupt raised while its pin was masked arrives as soon as it is
 * unmasked, as the IOAPIC's remote IRR would deliver it.
 */
void mask_interrupt(kernel_t *k, bool disable, word_t irq)
{
    if (irq < irq_user_min || irq > irq_user_max)
        return;
    ioapic_pin_t *pin = pin_of_irq(k, irq);
    if (!pin)
        return;
    pin->masked = disable;
    if (!disable && pin->pending && pin->mapped) {
        pin->pending = 0;
        handle_interrupt(k, pin->irq);
    }
}

static void raise_pin(kernel_t *k, ioapic_pin_t *pin)
{
    if (!pin->mapped)
        return; /* no vector assigned: the IOAPIC drops it */
    if (pin->masked) {
        pin->pending = 1;
        return;
    }
    handle_interrupt(k, pin->irq);
}

void ioapic_raise_pins(kernel_t *k, uint32_t pins)
{
    for (word_t p = 0; p < IOAPIC_IRQ_LINES; p++) {
        if (pins & BIT(p))
            raise_pin(k, &k->ioapic[p]);
    }
}

uint32_t kernel_live_interrupt_pins(struct kernel *k)
{
    uint32_t live = 0;
    for (word_t p = 0; p < IOAPIC_IRQ_LINES; p++) {
        ioapic_pin_t *pin = &k->ioapic[p];
        if (pin->mapped && !pin->masked && irq_has_notification(k, pin->irq) && pin_of_irq(k, pin->irq) == pin)
            live |= (uint32_t)BIT(p);
    }
    return live;
}
