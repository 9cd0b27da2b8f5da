/* Object types for seL4_Untyped_Retype (non-MCS). */
#pragma once

#include <sel4/simple_types.h>

typedef enum api_object {
    seL4_UntypedObject,
    seL4_TCBObject,
    seL4_EndpointObject,
    seL4_NotificationObject,
    seL4_CapTableObject,
    seL4_NonArchObjectTypeCount,
} seL4_ObjectType;

typedef seL4_Word api_object_t;

#include <sel4/sel4_arch/objecttype.h>
#include <sel4/arch/objecttype.h>
