/* Older invocation names that alias newer ones (libsel4/include/sel4/
 * virtual_client.h). All of them are MCS-only, so this configuration has none. */
#pragma once

#include <autoconf.h>
#include <sel4/types.h>
#include <sel4/macros.h>
#include <sel4/invocation.h>
#include <sel4/constants.h>
#include <interfaces/sel4_client.h>
