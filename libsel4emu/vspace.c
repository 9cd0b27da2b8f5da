/* API mode: the root task's VSpace is this process; frames mapped in it are mmaps of the RAM memfd. */
#define _GNU_SOURCE
#include "api.h"

int api_vspace_map(void *ctx, word_t asid, word_t vaddr, word_t paddr, word_t size_bits, bool writable,
                   bool executable, bool device)
{
    return 0;
}

void api_vspace_unmap(void *ctx, word_t asid, word_t vaddr, word_t size_bits)
{
}
