/* x86 has no deprecated names of its own. */
#pragma once

#include <autoconf.h>
#include <sel4/macros.h>
#include <sel4/sel4_arch/deprecated.h>
