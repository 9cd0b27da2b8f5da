/*
 * Runs the kernel fuzz target (fuzz_kernel.c) over inputs without libFuzzer:
 * every file named, and every file in every directory named. Built with any
 * compiler, so the seed corpus and the inputs of fixed bugs are a regression
 * suite in every build. An input that breaks an invariant aborts with the
 * step and the reason (FUZZ_VERBOSE=1 shows every step and the kernel's
 * console).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int runs;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    const char *verbose = getenv("FUZZ_VERBOSE");
    if (verbose && *verbose && strcmp(verbose, "0") != 0)
        fprintf(stderr, "== %s (%zu bytes)\n", path, n);
    LLVMFuzzerTestOneInput(buf, n);
    runs++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(1);
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    struct dirent **names;
    int n = scandir(path, &names, NULL, by_name);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char file[4096];
            snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
            run_path(file);
        }
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++)
        run_path(argv[i]);
    /* Reaching here means no input broke an invariant or crashed. */
    printf("fuzz-corpus: %d inputs replayed\n", runs);
    printf("fuzz-corpus: %d passed, 0 failed\n", runs);
    return 0;
}
