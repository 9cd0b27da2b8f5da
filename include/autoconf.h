/* The kernel configuration sel4emu emulates (see docs/ARCHITECTURE.md). */
#pragma once

#include <kernel/gen_config.h>
#include <sel4/gen_config.h>
