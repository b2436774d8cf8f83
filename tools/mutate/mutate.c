/*
 * mutate.c: source mutants of driver-stub, for measuring what plain certify catches.
 *
 * Why: a certification suite is worth the wrong stacks it rejects.  Each mutant is one small
 * wrong implementation (a relational, arithmetic, logical or bitwise operator swapped, a size
 * off by one, a status swapped, an error return dropped, a condition negated, a truth value
 * flipped, a copy, clear or other call statement deleted); tools/mutate/run.sh builds
 * each and runs plain `wfpcert certify` against it.  A mutant that survives is either
 * equivalent (it changes nothing observable) or a gap in the catalogue (docs/MUTANTS.md).
 *
 *   wfpcert-mutate list [--seed N] [--count K] FILE...   the sites, one a line, sampled
 *                                                       deterministically by seed
 *   wfpcert-mutate apply SITE                            rewrites SITE's file in place
 *
 * A site is "FILE:OFFSET:LENGTH:KIND:REPLACEMENT" (replacement with '\n' escaped as \n); the
 * same files and seed give the same sites on every machine.  Comments, strings, character
 * constants and preprocessor lines are never mutated.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct site {
    const char *file;
    long off, len;
    const char *kind;
    char repl[96];
} site;

static site *sites;
static size_t nsites, capsites;

static void add(const char *file, long off, long len, const char *kind, const char *repl) {
    if (nsites == capsites) {
        capsites = capsites ? 2 * capsites : 1024;
        sites = realloc(sites, capsites * sizeof *sites);
        if (!sites) abort();
    }
    site *s = &sites[nsites++];
    s->file = file;
    s->off = off;
    s->len = len;
    s->kind = kind;
    snprintf(s->repl, sizeof s->repl, "%s", repl);
}

static char *slurp(const char *path, long *n) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "wfpcert-mutate: cannot read %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    *n = ftell(f);
    fseek(f, 0, SEEK_SET);
    /* One newline before the text: the scanner looks at the byte before a token, also at the start. */
    char *pad = malloc((size_t)*n + 2), *b = pad ? pad + 1 : NULL;
    if (!b || fread(b, 1, (size_t)*n, f) != (size_t)*n) {
        fprintf(stderr, "wfpcert-mutate: cannot read %s\n", path);
        exit(2);
    }
    pad[0] = '\n';
    b[*n] = 0;
    fclose(f);
    return b;
}

/* code[i] is 1 where the byte is C code (not a comment, string, char or # line). */
static unsigned char *code_mask(const char *b, long n) {
    unsigned char *m = calloc((size_t)n + 1, 1);
    if (!m) abort();
    int line_start = 1;
    for (long i = 0; i < n;) {
        if (b[i] == '\n') {
            line_start = 1;
            i++;
            continue;
        }
        if (line_start && (b[i] == ' ' || b[i] == '\t')) {
            m[i++] = 1;
            continue;
        }
        if (line_start && b[i] == '#') { /* a preprocessor line, with its continuations */
            while (i < n && !(b[i] == '\n' && b[i - 1] != '\\')) i++;
            continue;
        }
        line_start = 0;
        if (b[i] == '/' && b[i + 1] == '*') {
            char *e = strstr(b + i + 2, "*/");
            i = e ? (e - b) + 2 : n;
        } else if (b[i] == '/' && b[i + 1] == '/') {
            while (i < n && b[i] != '\n') i++;
        } else if (b[i] == '"' || b[i] == '\'') {
            char q = b[i++];
            while (i < n && b[i] != q) i += b[i] == '\\' ? 2 : 1;
            i++;
        } else {
            m[i++] = 1;
        }
    }
    return m;
}

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The statuses and codes a stack answers with: swapping one for another is a wrong answer. */
static const char *const statuses[] = {
    "STATUS_INVALID_PARAMETER", "STATUS_BUFFER_TOO_SMALL", "STATUS_ACCESS_VIOLATION", "STATUS_NOT_SUPPORTED",
    "STATUS_NOT_FOUND",         "STATUS_ACCESS_DENIED",    "STATUS_SUCCESS",          "STATUS_INVALID_CONNECTION"};
static const char *const wsacodes[] = {"WSAEFAULT",     "WSAEINVAL",   "WSAENOTCONN",
                                       "WSAEOPNOTSUPP", "WSAENOTSOCK", "WSAEMSGSIZE"};

/* Words that take a parenthesis but are not calls. */
static int is_keyword(const char *w, long len) {
    static const char *const k[] = {"if",     "while", "for",  "switch", "return",
                                    "sizeof", "do",    "else", "case",   "_Static_assert"};
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if ((long)strlen(k[i]) == len && !strncmp(w, k[i], (size_t)len)) return 1;
    return 0;
}

static int is_copy(const char *w, long len) {
    return (len == 6 && (!strncmp(w, "memcpy", 6) || !strncmp(w, "memset", 6))) ||
           (len == 7 && !strncmp(w, "memmove", 7));
}

/* Does the parenthesis at p close a call that is the whole statement (`);` follows)? */
static int call_statement(const char *b, long n, long p) {
    int depth = 0;
    for (long q = p; q < n; q++) {
        depth += b[q] == '(';
        depth -= b[q] == ')';
        if (!depth) return q + 1 < n && b[q + 1] == ';';
    }
    return 0;
}

static void scan(const char *file) {
    long n;
    char *b = slurp(file, &n);
    unsigned char *m = code_mask(b, n);
    for (long i = 0; i < n; i++) {
        if (!m[i]) continue;
        char c = b[i], d = b[i + 1];
        /* relational operators */
        if ((c == '<' || c == '>') && d != c && b[i - 1] != c && b[i - 1] != '-' && m[i + 1]) {
            if (d == '=')
                add(file, i, 2, "relational", c == '<' ? "<" : ">");
            else if (b[i - 1] == ' ' && d == ' ')
                add(file, i, 1, "relational", c == '<' ? "<=" : ">=");
        }
        if ((c == '=' || c == '!') && d == '=' && b[i - 1] != '=' && b[i - 1] != '!' && b[i - 1] != '<' &&
            b[i - 1] != '>' && b[i + 2] != '=')
            add(file, i, 2, "relational", c == '=' ? "!=" : "==");
        /* logical: a spaced && or || swapped */
        if ((c == '&' || c == '|') && d == c && b[i - 1] == ' ' && b[i + 2] == ' ' && m[i + 1]) {
            add(file, i, 2, "logical", c == '&' ? "||" : "&&");
            i++;
            continue;
        }
        /* bitwise: a spaced binary & or | (never &&, ||, &=, |= or an address-of) */
        if ((c == '&' || c == '|') && b[i - 1] == ' ' && d == ' ' && m[i + 1])
            add(file, i, 1, "bitwise", c == '&' ? "|" : "&");
        /* arithmetic: only a spaced binary + or - (never ++, --, ->, unary signs) */
        if ((c == '+' || c == '-') && b[i - 1] == ' ' && d == ' ' && m[i + 1])
            add(file, i, 1, "arithmetic", c == '+' ? "-" : "+");
        /* +-1 on a decimal literal that stands alone (sizes, lengths, counts) */
        if (isdigit((unsigned char)c) && !word_char(b[i - 1]) && b[i - 1] != '.') {
            long j = i;
            while (j < n && isdigit((unsigned char)b[j])) j++;
            if (!word_char(b[j]) && b[j] != '.' && !(c == '0' && j - i > 1)) {
                char num[32], rep[40];
                snprintf(num, sizeof num, "%.*s", (int)(j - i), b + i);
                long v = atol(num);
                snprintf(rep, sizeof rep, "%ld", v + 1);
                add(file, i, j - i, "plus-one", rep);
                if (v > 0) {
                    snprintf(rep, sizeof rep, "%ld", v - 1);
                    add(file, i, j - i, "minus-one", rep);
                }
            }
            i = j - 1;
            continue;
        }
        if (word_char(c) && !word_char(b[i - 1])) {
            long j = i;
            while (j < n && word_char(b[j])) j++;
            long len = j - i;
            /* status and error-code swaps: the next name in the table */
            for (size_t k = 0; k < sizeof statuses / sizeof statuses[0]; k++)
                if ((long)strlen(statuses[k]) == len && strncmp(b + i, statuses[k], (size_t)len) == 0)
                    add(file, i, len, "status-swap", statuses[(k + 1) % (sizeof statuses / sizeof statuses[0])]);
            for (size_t k = 0; k < sizeof wsacodes / sizeof wsacodes[0]; k++)
                if ((long)strlen(wsacodes[k]) == len && strncmp(b + i, wsacodes[k], (size_t)len) == 0)
                    add(file, i, len, "status-swap", wsacodes[(k + 1) % (sizeof wsacodes / sizeof wsacodes[0])]);
            /* a negated condition: if (X) -> if (!(X)), X within the line */
            if (len == 2 && !strncmp(b + i, "if", 2)) {
                long p = j;
                while (b[p] == ' ') p++;
                if (b[p] == '(') {
                    int depth = 0;
                    long q = p;
                    for (; q < n && b[q] != '\n'; q++) {
                        depth += b[q] == '(';
                        depth -= b[q] == ')';
                        if (!depth) break;
                    }
                    if (!depth && b[q] == ')') {
                        char rep[96];
                        if (q - p - 1 < 80) {
                            snprintf(rep, sizeof rep, "(!(%.*s))", (int)(q - p - 1), b + p + 1);
                            add(file, p, q - p + 1, "negate", rep);
                        }
                        /* a dropped error return: if (X) return Y;  ->  if (X) (void)0; */
                        long r = q + 1;
                        while (b[r] == ' ') r++;
                        if (!strncmp(b + r, "return", 6) && !word_char(b[r + 6])) {
                            long e = r;
                            while (e < n && b[e] != ';' && b[e] != '\n') e++;
                            if (b[e] == ';') add(file, r, e - r + 1, "drop-return", "(void)0;");
                        }
                    }
                }
            }
            /* a flipped truth value */
            if ((len == 4 && !strncmp(b + i, "true", 4)) || (len == 5 && !strncmp(b + i, "false", 5)))
                add(file, i, len, "bool-flip", len == 4 ? "false" : "true");
            /* a deleted call: a statement of its own that is a call (state kept, a wake, an
             * event set, a size written), inside a function (indented) */
            if (b[j] == '(' && !is_keyword(b + i, len) && !is_copy(b + i, len)) {
                long s = i;
                while (s > 0 && (b[s - 1] == ' ' || b[s - 1] == '\t')) s--;
                if (s > 0 && b[s - 1] == '\n' && i - s >= 4 && call_statement(b, n, j))
                    add(file, i, 0, "delete-call", "if (0) ");
            }
            /* a deleted copy or clear */
            if ((len == 6 && (!strncmp(b + i, "memcpy", 6) || !strncmp(b + i, "memset", 6))) ||
                (len == 7 && !strncmp(b + i, "memmove", 7))) {
                long s = i;
                while (s > 0 && (b[s - 1] == ' ' || b[s - 1] == '\t')) s--;
                if (s == 0 || b[s - 1] == '\n') add(file, i, 0, "delete-copy", "if (0) ");
            }
            i = j - 1;
        }
    }
    free(m);
    free(b - 1); /* slurp's padding */
}

/* splitmix64: a fixed, portable sequence from the seed. */
static uint64_t next(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void print_site(const site *s) {
    printf("%s:%ld:%ld:%s:", s->file, s->off, s->len, s->kind);
    for (const char *p = s->repl; *p; p++) fputs(*p == '\n' ? "\\n" : (char[]){*p, 0}, stdout);
    putchar('\n');
}

static int apply(const char *spec) {
    char file[4096], kind[64], repl[128];
    long off, len;
    const char *p = spec;
    const char *c1 = strchr(p, ':');
    if (!c1 || (size_t)(c1 - p) >= sizeof file) goto bad;
    snprintf(file, sizeof file, "%.*s", (int)(c1 - p), p);
    if (sscanf(c1 + 1, "%ld:%ld:%63[^:]:", &off, &len, kind) != 3) goto bad;
    const char *r = c1 + 1;
    for (int k = 0; k < 3; k++) r = strchr(r, ':') + 1;
    snprintf(repl, sizeof repl, "%s", r);
    long n;
    char *b = slurp(file, &n);
    if (off < 0 || len < 0 || off + len > n) goto bad;
    FILE *f = fopen(file, "wb");
    if (!f) {
        fprintf(stderr, "wfpcert-mutate: cannot write %s\n", file);
        return 2;
    }
    fwrite(b, 1, (size_t)off, f);
    fputs(repl, f);
    fwrite(b + off + len, 1, (size_t)(n - off - len), f);
    fclose(f);
    free(b - 1); /* slurp's padding */
    return 0;
bad:
    fprintf(stderr, "wfpcert-mutate: not a site (FILE:OFFSET:LENGTH:KIND:REPLACEMENT): %s\n", spec);
    return 2;
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "apply")) return apply(argv[2]);
    if (argc < 3 || strcmp(argv[1], "list")) {
        fprintf(stderr, "usage: wfpcert-mutate list [--seed N] [--count K] FILE...\n"
                        "       wfpcert-mutate apply FILE:OFFSET:LENGTH:KIND:REPLACEMENT\n");
        return 2;
    }
    uint64_t seed = 1;
    long count = -1;
    int i = 2;
    for (; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
        if (i + 1 >= argc) {
            fprintf(stderr, "wfpcert-mutate: %s needs a value\n", argv[i]);
            return 2;
        }
        char *end;
        unsigned long long v = strtoull(argv[i + 1], &end, 10);
        if (*end || end == argv[i + 1]) {
            fprintf(stderr, "wfpcert-mutate: %s: not a number: %s\n", argv[i], argv[i + 1]);
            return 2;
        }
        if (!strcmp(argv[i], "--seed"))
            seed = v;
        else if (!strcmp(argv[i], "--count"))
            count = (long)v;
        else {
            fprintf(stderr, "wfpcert-mutate: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    for (; i < argc; i++) scan(argv[i]);
    /* Fisher-Yates with the seed, then the first K */
    for (size_t k = nsites; k > 1; k--) {
        size_t j = (size_t)(next(&seed) % k);
        site t = sites[k - 1];
        sites[k - 1] = sites[j];
        sites[j] = t;
    }
    size_t take = count < 0 || (size_t)count > nsites ? nsites : (size_t)count;
    for (size_t k = 0; k < take; k++) print_site(&sites[k]);
    fprintf(stderr, "wfpcert-mutate: %zu sites, %zu listed\n", nsites, take);
    return 0;
}
