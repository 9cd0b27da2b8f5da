/* Exception IPC format: the old names are in <sel4/deprecated.h>. */
#pragma once

#include <sel4/deprecated.h>
