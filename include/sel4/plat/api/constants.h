/* pc99 platform API constants (libsel4 sel4_plat_include/pc99). The hardware
 * breakpoint constants libsel4 adds here need CONFIG_HARDWARE_DEBUG_API,
 * which is off in this configuration. */
#pragma once

#include <autoconf.h>
