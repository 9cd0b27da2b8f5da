/* x86_64 has no deprecated names of its own. */
#pragma once

#include <sel4/config.h>
