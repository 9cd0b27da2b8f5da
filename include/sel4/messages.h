/* Formats of fault messages and of mapping errors. */
#pragma once

#include <sel4/types.h>
#include <sel4/sel4_arch/pfIPC.h>
#include <sel4/sel4_arch/exIPC.h>
#include <sel4/arch/mapping.h>
#include <sel4/sel4_arch/mapping.h>
