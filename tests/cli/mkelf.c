/*
 * Writes the ELF samples of elf_samples.c into a directory, one file each
 * (DIR/NAME.elf), for the command tests of `sel4emu run`'s image checks.
 *
 *   cli-mkelf DIR
 */
#include "elf_samples.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; elf_sample_name(i); i++) {
        const char *name = elf_sample_name(i);
        char path[4096];
        size_t size;
        unsigned char *bytes = elf_sample_build(name, &size);
        snprintf(path, sizeof(path), "%s/%s.elf", argv[1], name);
        FILE *f = fopen(path, "wb");
        if (!bytes || !f || fwrite(bytes, 1, size, f) != size || fclose(f) != 0) {
            fprintf(stderr, "%s: cannot write %s\n", argv[0], path);
            return 1;
        }
        free(bytes);
    }
    return 0;
}
