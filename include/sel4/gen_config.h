/* libsel4 configuration matching kernel/gen_config.h. */
#pragma once

#define CONFIG_LIB_SEL4_PRINT_INVOCATION_ERRORS 0
#define CONFIG_LIB_SEL4_HAVE_SEL4EMU 1
