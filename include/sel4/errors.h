/* seL4_Error: the label of a kernel reply to a failed invocation. */
#pragma once

typedef enum {
    seL4_NoError = 0,
    seL4_InvalidArgument,
    seL4_InvalidCapability,
    seL4_IllegalOperation,
    seL4_RangeError,
    seL4_AlignmentError,
    seL4_FailedLookup,
    seL4_TruncatedMessage,
    seL4_DeleteFirst,
    seL4_RevokeFirst,
    seL4_NotEnoughMemory,
    /* This should always be the last item in the list so it gives a count
     * of the number of errors in the enum. */
    seL4_NumErrors
} seL4_Error;
