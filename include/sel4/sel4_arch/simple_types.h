/* x86_64 word types: seL4_Word is unsigned long (LP64). */
#pragma once

typedef signed long seL4_Int64;
typedef unsigned long seL4_Uint64;

#define _seL4_int64_type long
#define _seL4_word_fmt l
#define SEL4_WORD_IS_UINT64
#define SEL4_INT64_IS_LONG
#define _seL4_int64_fmt l

typedef seL4_Uint64 seL4_Word;
