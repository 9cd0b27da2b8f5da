/* Invokes a CPtr whose guard does not match: a cap fault with no handler. */
#include <sel4/sel4.h>

int main(void)
{
    seL4_CNode_Delete(1ul << 63, 0, 64);
    return 3;
}
