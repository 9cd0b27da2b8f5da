/* x86_64 virtual memory of the kernel core (kernel/src/arch/x86_64/vspace.c). */
#pragma once

#include <structures.h>

struct kernel;
typedef struct kernel kernel_t;

