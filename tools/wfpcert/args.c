/*
 * args.c: the one piece of command-line grammar every sub-command shares.  Each sub-command
 * keeps its own option table (they live in the components that own them), but `--opt=value`
 * must mean `--opt value` everywhere; rather than teach every parser, main.c splits the '='
 * form once before dispatching.  conform and certify parse it themselves, because they tell a
 * switch given a value (`--plain=1`) from an option and record the command as typed.
 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char **wf_args_split(int *argc, char **argv) {
    int n = *argc, out = 0;
    size_t text = 0; /* the flag names cut off before '=': copied behind the vector, one block */
    for (int i = 1; i < n; i++) text += strlen(argv[i]) + 1;
    char **v = malloc(((size_t)n * 2 + 1) * sizeof *v + text);
    if (!v) return NULL;
    char *names = (char *)(v + (size_t)n * 2 + 1);
    int rest = 0; /* after a bare "--" every word is an operand, '=' or not */
    for (int i = 0; i < n; i++) {
        const char *a = argv[i], *eq = strchr(a, '=');
        if (rest || i == 0 || strncmp(a, "--", 2) != 0 || !eq || eq == a + 2) {
            rest |= i > 0 && strcmp(a, "--") == 0;
            v[out++] = argv[i];
            continue;
        }
        size_t len = (size_t)(eq - a);
        memcpy(names, a, len);
        names[len] = 0;
        v[out++] = names;
        names += len + 1;
        v[out++] = (char *)eq + 1;
    }
    v[out] = NULL;
    *argc = out;
    return v;
}

int wf_take_global(int *argc, char **argv, const char *flag, const char *what, const char **value) {
    size_t fl = strlen(flag);
    int n = 0;
    *value = NULL;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, flag)) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "wfpcert: %s needs %s\n", flag, what);
                return 2;
            }
            *value = argv[++i];
            continue;
        }
        if (!strncmp(a, flag, fl) && a[fl] == '=') {
            *value = a + fl + 1;
            continue;
        }
        argv[n++] = argv[i];
    }
    argv[n] = NULL;
    *argc = n;
    return 0;
}
