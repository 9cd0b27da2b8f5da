/* Kernel console: a small formatter, because the core links no libc. */
#include <core.h>
#include <stdarg.h>

void k_memset(void *p, int c, size_t n)
{
    uint8_t *d = p;
    while (n--)
        *d++ = (uint8_t)c;
}

void k_memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
}

size_t k_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static int format_number(char *out, uint64_t v, unsigned base, bool negative)
{
    char digits[24];
    int n = 0, len = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative)
        digits[n++] = '-';
    while (n)
        out[len++] = digits[--n];
    return len;
}

/* Emits one converted field with printf's width, '-' and '0' rules. */
static void put_field(struct out *o, const char *s, int len, int width, bool left, char pad)
{
    if (!left)
        for (int i = len; i < width; i++)
            put(o, pad);
    for (int i = 0; i < len; i++)
        put(o, s[i]);
    if (left)
        for (int i = len; i < width; i++)
            put(o, ' ');
}

int k_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        char pad = ' ', tmp[32];
        bool left = false;
        int width = 0, longs = 0, len = 0;
        const char *field = tmp;
        fmt++;
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = true;
            else
                pad = '0';
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, long) : va_arg(ap, int);
            len = format_number(tmp, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
            break;
        }
        case 'u':
            len = format_number(tmp, longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, false);
            break;
        case 'x':
            len = format_number(tmp, longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, false);
            break;
        case 'p':
            tmp[0] = '0';
            tmp[1] = 'x';
            len = 2 + format_number(tmp + 2, (uintptr_t)va_arg(ap, void *), 16, false);
            break;
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            len = 1;
            break;
        case 's':
            field = va_arg(ap, const char *);
            if (!field)
                field = "(null)";
            len = (int)k_strnlen(field, 4096);
            pad = ' ';
            break;
        case '%':
            tmp[0] = '%';
            len = 1;
            break;
        default:
            tmp[0] = '%';
            len = 1;
            if (*fmt)
                tmp[len++] = *fmt;
            else
                fmt--;
        }
        put_field(&o, field, len, width, left, pad);
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int k_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = k_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void vprint(kernel_t *k, const char *fmt, va_list ap)
{
    char line[512];
    int n = k_vsnprintf(line, sizeof(line), fmt, ap);
    if (n >= (int)sizeof(line))
        n = sizeof(line) - 1;
    k->plat->write(k->plat_ctx, line, (size_t)n);
}

void kprintf(kernel_t *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(k, fmt, ap);
    va_end(ap);
}

void user_error(kernel_t *k, const char *fmt, ...)
{
    if (!k->print_user_errors)
        return;
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    k_vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    tcb_t *t = k->cur_thread;
    kprintf(k, "<<seL4(CPU 0) [%s \"%s\" @%lx]: %s>>\n", "user error", t ? thread_name(t) : "",
            t ? t->regs[CTX_RIP] : 0ul, msg);
}
