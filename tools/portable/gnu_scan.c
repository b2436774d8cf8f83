/*
 * gnu_scan.c: finds compiler extensions in C sources that must also build with MSVC.
 *
 * Why a scanner as well as `-Wpedantic -Werror`: the compilers accept most GNU spellings
 * without a word under -Wpedantic (__attribute__, __typeof__, __builtin_*, __extension__,
 * asm), and cl rejects every one of them.  The code that builds for Windows keeps such things
 * in include/wfpcert/compat.h only; the ctest portable_c.scan runs this over every other
 * file of the Windows build (tools/portable/windows-sources.cmake).
 *
 *   gnu-scan FILE...     prints FILE:LINE: what, for each finding
 *
 * It reads C the way the preprocessor's tokenizer does (comments, string and character
 * literals, line splices are skipped), so a name in a comment or a log message is not a
 * finding.  Exit status: 0 none found, 1 findings, 2 usage or an unreadable file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names that are extensions whatever follows them.  __declspec is Microsoft's, not GNU's,
 * but it belongs in the same header: a source file names no compiler. */
static const char *const names[] = {
    "__attribute__", "__attribute", "__typeof__", "__typeof", "typeof", "__extension__",
    "__asm__", "__asm", "asm", "__label__", "__thread", "__int128", "__auto_type",
    "__alignof__", "__inline__", "__inline", "__restrict__", "__restrict", "__volatile__",
    "__const__", "__signed__", "__real__", "__imag__", "__complex__", "__FUNCTION__",
    "__PRETTY_FUNCTION__", "__declspec", "__forceinline", "__int64", "__int32",
};
/* Prefixes of compiler built-in functions. */
static const char *const prefixes[] = {"__builtin_", "__sync_", "__atomic_"};
/* Directives of GNU cpp that ISO C11 does not have. */
static const char *const directives[] = {"include_next", "warning", "import", "ident", "sccs", "assert", "unassert"};

typedef struct scan {
    const char *path, *p, *end;
    int line;
    int found;
    char prev[64]; /* the previous token, for the few findings that are a pair of tokens */
} scan;

static void report(scan *s, const char *what, const char *detail) {
    printf("%s:%d: GNU extension: %s%s (put it behind wfpcert/compat.h, or write it in ISO C11)\n", s->path,
           s->line, what, detail);
    s->found++;
}

static int in_list(const char *tok, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(tok, list[i]) == 0) return 1;
    return 0;
}

/* Skips a backslash-newline (a line splice); 1 when there was one. */
static int splice(scan *s) {
    if (s->p + 1 < s->end && s->p[0] == '\\' && s->p[1] == '\n') {
        s->p += 2;
        s->line++;
        return 1;
    }
    if (s->p + 2 < s->end && s->p[0] == '\\' && s->p[1] == '\r' && s->p[2] == '\n') {
        s->p += 3;
        s->line++;
        return 1;
    }
    return 0;
}

/* Skips white space, comments and splices; 1 when a newline was crossed. */
static int skip_space(scan *s) {
    int nl = 0;
    while (s->p < s->end) {
        if (splice(s)) continue;
        if (*s->p == '\n') {
            s->line++, s->p++, nl = 1;
        } else if (isspace((unsigned char)*s->p)) {
            s->p++;
        } else if (s->p + 1 < s->end && s->p[0] == '/' && s->p[1] == '/') {
            while (s->p < s->end && *s->p != '\n')
                if (!splice(s)) s->p++;
        } else if (s->p + 1 < s->end && s->p[0] == '/' && s->p[1] == '*') {
            s->p += 2;
            while (s->p + 1 < s->end && !(s->p[0] == '*' && s->p[1] == '/')) {
                if (*s->p == '\n') s->line++;
                s->p++;
            }
            s->p = s->p + 2 <= s->end ? s->p + 2 : s->end;
        } else {
            break;
        }
    }
    return nl;
}

/* Skips a string or character literal that starts at s->p (the quote). */
static void skip_literal(scan *s) {
    char q = *s->p++;
    while (s->p < s->end && *s->p != q && *s->p != '\n') {
        if (*s->p == '\\' && s->p + 1 < s->end) {
            if (s->p[1] == '\n') s->line++;
            s->p++;
        }
        s->p++;
    }
    if (s->p < s->end && *s->p == q) s->p++;
}

static void set_prev(scan *s, const char *tok) {
    snprintf(s->prev, sizeof s->prev, "%s", tok);
}

static void scan_text(scan *s) {
    int line_start = 1;
    s->prev[0] = 0;
    while (s->p < s->end) {
        if (skip_space(s)) line_start = 1;
        if (s->p >= s->end) break;
        char c = *s->p;
        if (c == '#' && line_start) { /* a directive: check its name */
            s->p++;
            while (s->p < s->end && (*s->p == ' ' || *s->p == '\t')) s->p++;
            const char *b = s->p;
            while (s->p < s->end && (isalnum((unsigned char)*s->p) || *s->p == '_')) s->p++;
            char name[32];
            snprintf(name, sizeof name, "%.*s", (int)(s->p - b), b);
            if (in_list(name, directives, sizeof directives / sizeof directives[0])) report(s, "#", name);
            line_start = 0;
            set_prev(s, "#");
            continue;
        }
        line_start = 0;
        if (c == '"' || c == '\'') {
            skip_literal(s);
            set_prev(s, "\"\"");
        } else if (isalpha((unsigned char)c) || c == '_' || c == '$') {
            const char *b = s->p;
            while (s->p < s->end && (isalnum((unsigned char)*s->p) || *s->p == '_' || *s->p == '$')) s->p++;
            char tok[64];
            snprintf(tok, sizeof tok, "%.*s", (int)(s->p - b), b);
            if (s->p < s->end && (*s->p == '"' || *s->p == '\'') && (!strcmp(tok, "L") || !strcmp(tok, "u") ||
                                                                     !strcmp(tok, "U") || !strcmp(tok, "u8"))) {
                skip_literal(s); /* L"..." and friends */
                set_prev(s, "\"\"");
                continue;
            }
            if (memchr(b, '$', (size_t)(s->p - b))) report(s, "'$' in the identifier ", tok);
            else if (in_list(tok, names, sizeof names / sizeof names[0])) report(s, "", tok);
            else
                for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
                    if (!strncmp(tok, prefixes[i], strlen(prefixes[i]))) report(s, "built-in ", tok);
            if (!strcmp(tok, "__VA_ARGS__") && !strcmp(s->prev, "##")) report(s, "", ", ##__VA_ARGS__ (comma elision)");
            set_prev(s, tok);
        } else if (isdigit((unsigned char)c) || (c == '.' && s->p + 1 < s->end && isdigit((unsigned char)s->p[1]))) {
            const char *b = s->p;
            /* a pp-number: digits, letters, '.', and a sign after an exponent letter */
            while (s->p < s->end && (isalnum((unsigned char)*s->p) || *s->p == '.' || *s->p == '_' ||
                                     ((*s->p == '+' || *s->p == '-') && strchr("eEpP", s->p[-1]))))
                s->p++;
            if (s->p - b > 2 && b[0] == '0' && (b[1] == 'b' || b[1] == 'B')) report(s, "binary constant ", "0b...");
            set_prev(s, "0");
        } else if (c == '.' && s->p + 2 < s->end && s->p[1] == '.' && s->p[2] == '.') {
            s->p += 3;
            /* "..." is ISO after "(" or "," (a prototype, a variadic macro); else a case range
             * (case 1 ... 5:) or a designated range ([0 ... 9] = x) */
            if (strcmp(s->prev, "(") && strcmp(s->prev, ",")) report(s, "", "range with '...' (case range or array range)");
            set_prev(s, "...");
        } else if (c == '#' && s->p + 1 < s->end && s->p[1] == '#') {
            s->p += 2;
            set_prev(s, "##");
        } else {
            char tok[2] = {c, 0};
            s->p++;
            if (c == '{' && !strcmp(s->prev, "(")) report(s, "", "statement expression '({'");
            if (c == ':' && !strcmp(s->prev, "?")) report(s, "", "conditional with the middle operand left out '?:'");
            if (c == '*' && !strcmp(s->prev, "goto")) report(s, "", "computed goto");
            if (c == '&' && s->p < s->end && *s->p == '&') { /* "&&" is one token; &&label is not ISO */
                s->p++;
                set_prev(s, "&&");
                continue;
            }
            set_prev(s, tok);
        }
    }
}

static int scan_file(const char *path, int *found) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "gnu-scan: cannot read %s\n", path);
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) {
        fprintf(stderr, "gnu-scan: reading %s failed\n", path);
        free(buf);
        return -1;
    }
    scan s = {path, buf, buf + n, 1, 0, {0}};
    scan_text(&s);
    free(buf);
    *found += s.found;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: gnu-scan FILE...\n"
                "Reports GNU (and Microsoft) extensions in C sources outside wfpcert/compat.h.\n"
                "Exit status: 0 none found, 1 findings, 2 usage or an unreadable file.\n");
        return argc < 2 ? 2 : 0;
    }
    int found = 0, unreadable = 0;
    for (int i = 1; i < argc; i++)
        if (scan_file(argv[i], &found)) unreadable++;
    if (unreadable) return 2;
    if (found) {
        printf("gnu-scan: %d finding(s) in %d file(s)\n", found, argc - 1);
        return 1;
    }
    printf("gnu-scan: %d file(s), no compiler extension outside wfpcert/compat.h\n", argc - 1);
    return 0;
}
