/*
 * Tests of sel4emu's native runtime (runtime/), as a static seL4 root task:
 * the start (argc, argv, envp, constructors, bootinfo, IPC buffer), the
 * initial thread's TLS (initialised .tdata, zeroed .tbss, alignment, the
 * self pointer), TLS areas for new threads (sel4runtime_write_tls_image,
 * sel4runtime_set_tls_variable) and the memory functions. Only
 * seL4_DebugPutChar is used for output, so it runs under sud-runner as well
 * as under `sel4emu run` and on seL4. Prints one line per test and
 * "runtime: N passed, N failed"; a destructor prints "destructor ran" after
 * main returns, then the runtime halts.
 */
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

static int passed, failed;
static const char *current_fail;

static void put(const char *s)
{
    while (*s)
        seL4_DebugPutChar(*s++);
}

static void put_num(unsigned long v)
{
    char buf[24];
    int i = sizeof(buf) - 1;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(buf + i);
}

#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (!(cond) && !current_fail)                                                                \
            current_fail = #cond;                                                                    \
    } while (0)

static void report(const char *name)
{
    put(current_fail ? "FAIL " : "PASS ");
    put(name);
    if (current_fail) {
        put(": ");
        put(current_fail);
        failed++;
    } else {
        passed++;
    }
    put("\n");
    current_fail = NULL;
}

/* Thread-local variables of every kind. */
__thread int tdata_int = 42;
__thread char tdata_str[8] = "tls ok";
__thread unsigned long tbss_words[16];
__thread unsigned char tbss_aligned[64] __attribute__((aligned(64)));

static int constructor_ran;
__attribute__((constructor)) static void constructor(void)
{
    constructor_ran = 1;
}

__attribute__((destructor)) static void destructor(void)
{
    put("destructor ran\n");
}

static uintptr_t thread_pointer(void)
{
    uintptr_t tp;
    __asm__ __volatile__("movq %%fs:0, %0" : "=r"(tp));
    return tp;
}

static void test_start(int argc, char **argv, char **envp)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    CHECK(argc == 1);
    CHECK(argv[0] && strlen(argv[0]) == 10 && memcmp(argv[0], "rootserver", 10) == 0);
    CHECK(argv[1] == NULL);
    CHECK(envp[0] && memcmp(envp[0], "seL4=1", 7) == 0);
    CHECK(envp[1] == NULL);
    CHECK(constructor_ran);
    CHECK(bi != NULL);
    CHECK(bi && seL4_GetIPCBuffer() == bi->ipcBuffer);
    CHECK(bi && ((uintptr_t)bi & 0xfff) == 0);
    CHECK(bi && (uintptr_t)bi->ipcBuffer + 4096 == (uintptr_t)bi); /* seL4's layout */
    CHECK(memcmp(sel4runtime_process_name(), "rootserver", 11) == 0);
    /* the stack is the runtime's, 16-byte aligned as the ABI wants at calls */
    uintptr_t sp;
    __asm__ __volatile__("movq %%rsp, %0" : "=r"(sp));
    CHECK(sp != 0);
    report("start");
}

static void test_initial_tls(void)
{
    uintptr_t tp = thread_pointer();
    CHECK(tp != 0);
    CHECK(*(uintptr_t *)tp == tp);
    CHECK(tdata_int == 42);
    CHECK(memcmp(tdata_str, "tls ok", 7) == 0);
    for (int i = 0; i < 16; i++)
        CHECK(tbss_words[i] == 0);
    for (int i = 0; i < 64; i++)
        CHECK(tbss_aligned[i] == 0);
    CHECK(((uintptr_t)tbss_aligned & 63) == 0);
    CHECK(tp % 64 == 0);
    /* variant II: everything below the thread pointer */
    CHECK((uintptr_t)&tdata_int < tp && (uintptr_t)&tbss_words[16] <= tp);
    CHECK((uintptr_t)&__sel4_ipc_buffer < tp);
    tdata_int = 7;
    CHECK(tdata_int == 7);
    report("initial_tls");
}

static unsigned char area[2][4096 + 64];

static void test_new_thread_tls(void)
{
    size_t size = sel4runtime_get_tls_size();
    CHECK(size >= 8 + 64 + 16 * 8 + 64);
    CHECK(size <= sizeof(area[0]));
    uintptr_t here = thread_pointer();

    for (int k = 0; k < 2; k++) {
        /* odd placement: the runtime aligns inside the area */
        unsigned char *mem = area[k] + (k ? 5 : 0);
        memset(area[k], 0xa5, sizeof(area[k]));
        uintptr_t tp = sel4runtime_write_tls_image(mem);
        CHECK(tp % 64 == 0);
        CHECK(tp > (uintptr_t)mem && tp + 8 <= (uintptr_t)mem + size);
        CHECK(*(uintptr_t *)tp == tp);
        /* the same offsets from the thread pointer as in this thread */
        CHECK(*(int *)(tp - (here - (uintptr_t)&tdata_int)) == 42); /* the image, not our 7 */
        CHECK(memcmp((char *)(tp - (here - (uintptr_t)tdata_str)), "tls ok", 7) == 0);
        const unsigned long *w = (const unsigned long *)(tp - (here - (uintptr_t)tbss_words));
        for (int i = 0; i < 16; i++)
            CHECK(w[i] == 0);
        const unsigned char *a = (const unsigned char *)(tp - (here - (uintptr_t)tbss_aligned));
        for (int i = 0; i < 64; i++)
            CHECK(a[i] == 0);

        seL4_IPCBuffer *buf = (seL4_IPCBuffer *)(uintptr_t)(0x10000 * (k + 1));
        CHECK(sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, buf) == 0);
        CHECK(*(seL4_IPCBuffer **)(tp - (here - (uintptr_t)&__sel4_ipc_buffer)) == buf);
        CHECK(seL4_GetIPCBuffer() != buf); /* ours is untouched */
        CHECK(sel4runtime_set_tls_variable(tp, tdata_int, 99) == 0);
        CHECK(*(int *)(tp - (here - (uintptr_t)&tdata_int)) == 99);
        CHECK(tdata_int == 7);
    }
    /* not thread-local: refused */
    CHECK(sel4runtime_set_tls_variable(here, passed, 1) == -1);
    CHECK(sel4runtime_write_tls_image(NULL) == 0);
    report("new_thread_tls");
}

static void test_memory_functions(void)
{
    char buf[64], ref[64];
    for (int i = 0; i < 64; i++)
        buf[i] = ref[i] = (char)i;
    memmove(buf + 8, buf, 32); /* overlapping, upwards */
    for (int i = 0; i < 32; i++)
        CHECK(buf[8 + i] == ref[i]);
    for (int i = 0; i < 64; i++)
        buf[i] = (char)i;
    memmove(buf, buf + 8, 32); /* overlapping, downwards */
    for (int i = 0; i < 32; i++)
        CHECK(buf[i] == ref[8 + i]);
    CHECK(memset(buf, 'x', 10) == buf);
    CHECK(buf[9] == 'x' && buf[10] == ref[18]);
    CHECK(memcpy(buf, "abc", 4) == buf);
    CHECK(strlen(buf) == 3);
    CHECK(memcmp("abc", "abd", 3) < 0);
    CHECK(memcmp("abd", "abc", 3) > 0);
    CHECK(memcmp("abc", "abd", 2) == 0);
    CHECK(memcmp("\xff", "\x01", 1) > 0); /* bytes compare unsigned */
    CHECK(strlen("") == 0);
    /* struct copies become memcpy calls */
    struct big {
        unsigned long w[40];
    } x, y;
    for (int i = 0; i < 40; i++)
        x.w[i] = (unsigned long)i * 3;
    y = x;
    CHECK(memcmp(&x, &y, sizeof(x)) == 0);
    report("memory_functions");
}

int main(int argc, char **argv, char **envp)
{
    test_start(argc, argv, envp);
    test_initial_tls();
    test_new_thread_tls();
    test_memory_functions();
    put("runtime: ");
    put_num((unsigned long)passed);
    put(" passed, ");
    put_num((unsigned long)failed);
    put(" failed\n");
    return failed;
}
