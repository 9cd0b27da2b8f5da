/* Fixed-width types of libsel4 (libsel4/include/sel4/simple_types.h). */
#pragma once

#include <sel4/arch/simple_types.h>
#include <sel4/sel4_arch/simple_types.h>

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;

typedef seL4_Int8 seL4_Bool;

#define seL4_True 1
#define seL4_False 0

/* libsel4 spells NULL as 0L in C++, where (void *)0 does not convert. */
#ifdef __cplusplus
#define seL4_Null 0L
#else
#define seL4_Null ((void *)0)
#endif

/* printf() formats for seL4_Int64/seL4_Uint64 and seL4_Word, as libsel4 has them. */
#ifndef _seL4_int64_fmt
#define _seL4_int64_fmt l
#endif
#define _macro_str_concat_helper2(x) #x
#define _macro_str_concat_helper1(x, y) _macro_str_concat_helper2(x##y)
#define _macro_str_concat(x, y) _macro_str_concat_helper1(x, y)

#define SEL4_PRId64 _macro_str_concat(_seL4_int64_fmt, d)
#define SEL4_PRIi64 _macro_str_concat(_seL4_int64_fmt, i)
#define SEL4_PRIu64 _macro_str_concat(_seL4_int64_fmt, u)
#define SEL4_PRIx64 _macro_str_concat(_seL4_int64_fmt, x)

#define SEL4_PRId_word _macro_str_concat(_seL4_word_fmt, d)
#define SEL4_PRIi_word _macro_str_concat(_seL4_word_fmt, i)
#define SEL4_PRIu_word _macro_str_concat(_seL4_word_fmt, u)
#define SEL4_PRIx_word _macro_str_concat(_seL4_word_fmt, x)
#define SEL4_PRI_word SEL4_PRIu_word

/* A register-sized value (libsel4 makes it a capability type on CHERI only). */
typedef seL4_Word seL4_Register;
