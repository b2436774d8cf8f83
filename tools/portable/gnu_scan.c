/*
 * gnu_scan.c: finds what stops cl (MSVC) in C sources of the Windows build: compiler
 * extensions in the sources as written, and POSIX-only interfaces in what the Windows build
 * actually compiles (its preprocessed text).
 *
 * Why a scanner as well as `-Wpedantic -Werror`: the compilers accept most GNU spellings
 * without a word under -Wpedantic (__attribute__, __typeof__, __builtin_*, __extension__,
 * asm), and cl rejects every one of them.  The code that builds for Windows keeps such things
 * in include/wfpcert/compat.h only; the ctest portable_c.scan runs this over every other
 * file of the Windows build (tools/portable/windows-sources.cmake).
 *
 *   gnu-scan FILE...     prints FILE:LINE: what, for each finding
 *   gnu-scan --tree ROOT FILE.i...
 *                        FILE.i is `gcc -E -fdirectives-only` output of a Windows source
 *                        (conditionals resolved, macros and comments kept).  Every file under
 *                        ROOT that it came from or included (sources and headers, not
 *                        compat.h) is scanned as written, as above; and in the text the
 *                        Windows build compiles, each POSIX-only header such a file includes
 *                        and each POSIX-only name it uses is reported.  mingw-w64 provides
 *                        many of them (winpthreads, dirent.h, unistd.h, strtok_r, S_ISDIR),
 *                        so the mingw build does not show them; the Microsoft C runtime has
 *                        none.  They belong in the per-system files of the sys layer
 *                        (sys/wsys.h), never in a file both systems compile.  ctest
 *                        portable_c.scan runs this over the Windows tree.
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
    "__attribute__", "__attribute",
    "__typeof__",    "__typeof",
    "typeof",        "__extension__",
    "__asm__",       "__asm",
    "asm",           "__label__",
    "__thread",      "__int128",
    "__auto_type",   "__alignof__",
    "__inline__",    "__inline",
    "__restrict__",  "__restrict",
    "__volatile__",  "__const__",
    "__signed__",    "__real__",
    "__imag__",      "__complex__",
    "__FUNCTION__",  "__PRETTY_FUNCTION__",
    "__declspec",    "__forceinline",
    "__int64",       "__int32",
};
/* Prefixes of compiler built-in functions. */
static const char *const prefixes[] = {"__builtin_", "__sync_", "__atomic_"};
/* POSIX headers that the Microsoft C runtime and SDK do not have (mingw-w64 has several). */
static const char *const posix_headers[] = {
    "unistd.h",      "dirent.h",       "pthread.h",     "pthread_time.h", "pthread_unistd.h",
    "sched.h",       "semaphore.h",    "sys/time.h",    "sys/times.h",    "sys/mman.h",
    "sys/wait.h",    "sys/resource.h", "sys/utsname.h", "sys/socket.h",   "sys/select.h",
    "sys/ioctl.h",   "sys/un.h",       "sys/uio.h",     "sys/param.h",    "sys/file.h",
    "sys/statvfs.h", "sys/prctl.h",    "netinet/in.h",  "netinet/tcp.h",  "arpa/inet.h",
    "netdb.h",       "poll.h",         "dlfcn.h",       "ftw.h",          "fnmatch.h",
    "glob.h",        "libgen.h",       "strings.h",     "termios.h",      "pwd.h",
    "grp.h",         "syslog.h",       "spawn.h",       "regex.h",        "getopt.h",
};
/* POSIX names the Microsoft C runtime does not declare under any spelling (its "POSIX names"
 * such as getpid, unlink, access or fileno are left out: it has them).  Any name that starts
 * with pthread_ counts as well.  Words that are also common variable names (glob, poll,
 * sleep, alarm, ftw) are left to the header check: their headers are POSIX-only too. */
static const char *const posix_names[] = {
    /* strings */ "strtok_r",
    "strndup",
    "strcasecmp",
    "strncasecmp",
    "strsep",
    "stpcpy",
    "getline",
    "getdelim",
    "strerror_r",
    "strsignal",
    /* time */ "clock_gettime",
    "clock_getres",
    "nanosleep",
    "usleep",
    "gettimeofday",
    "localtime_r",
    "gmtime_r",
    "timegm",
    "CLOCK_MONOTONIC",
    "CLOCK_REALTIME",
    "useconds_t",
    /* files and folders */ "S_ISDIR",
    "S_ISREG",
    "S_ISLNK",
    "S_ISCHR",
    "S_ISFIFO",
    "S_ISSOCK",
    "lstat",
    "opendir",
    "readdir",
    "closedir",
    "rewinddir",
    "fdopendir",
    "dirfd",
    "nftw",
    "realpath",
    "mkstemp",
    "mkdtemp",
    "symlink",
    "readlink",
    "fsync",
    "ftruncate",
    "truncate",
    "chown",
    "openat",
    "pread",
    "pwrite",
    "R_OK",
    "W_OK",
    "X_OK",
    "F_OK",
    /* processes and signals */ "fork",
    "vfork",
    "execv",
    "execve",
    "execvp",
    "execl",
    "execlp",
    "waitpid",
    "setsid",
    "getppid",
    "posix_spawn",
    "posix_spawnp",
    "sigaction",
    "sigprocmask",
    "sigemptyset",
    "pid_t",
    "SIGKILL",
    "SIGPIPE",
    "SIGCHLD",
    "SIGALRM",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGBUS",
    /* memory and system */ "mmap",
    "munmap",
    "mprotect",
    "madvise",
    "posix_memalign",
    "sysconf",
    "getpagesize",
    "uname",
    "getrlimit",
    "setrlimit",
    "getrusage",
    "dlopen",
    "dlsym",
    "dlclose",
    "dlerror",
    "fnmatch",
    "globfree",
    "getopt",
    "getopt_long",
    "setenv",
    "unsetenv",
    "getuid",
    "geteuid",
    "socketpair",
    "ssize_t",
    "sem_init",
    "sem_wait",
    "sem_post",
    "sem_open",
};

/* Directives of GNU cpp that ISO C11 does not have. */
static const char *const directives[] = {"include_next", "warning", "import", "ident", "sccs", "assert", "unassert"};

typedef struct scan {
    const char *path, *p, *end;
    int line;
    int found;
    int posix; /* --tree, preprocessed text: report POSIX-only names instead of compiler extensions */
    char prev[64]; /* the previous token, for the few findings that are a pair of tokens */
} scan;

static void report(scan *s, const char *what, const char *detail) {
    if (s->posix) return; /* --tree reads interfaces here: the raw scan has the extensions */
    printf("%s:%d: GNU extension: %s%s (put it behind wfpcert/compat.h, or write it in ISO C11)\n", s->path, s->line,
           what, detail);
    s->found++;
}

static int in_list(const char *tok, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(tok, list[i]) == 0) return 1;
    return 0;
}

/* Adds a copy of s to the list unless it is there: 1 when added. */
static int add_once(char ***list, size_t *n, const char *s) {
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*list)[i], s)) return 0;
    char **grown = realloc(*list, (*n + 1) * sizeof **list);
    char *copy = malloc(strlen(s) + 1);
    if (!grown || !copy) {
        fprintf(stderr, "gnu-scan: out of memory\n");
        exit(2);
    }
    *list = grown;
    (*list)[(*n)++] = strcpy(copy, s);
    return 1;
}

/* --tree: a header is preprocessed once per source that includes it; a finding is printed once. */
static char **printed;
static size_t nprinted;

static void report_posix(scan *s, const char *what, const char *name) {
    char key[4200];
    snprintf(key, sizeof key, "%s:%d:%s", s->path, s->line, name);
    if (!add_once(&printed, &nprinted, key)) return;
    printf("%s:%d: POSIX-only %s: %s (the Microsoft C runtime has none; use sys/wsys.h, whose per-system "
           "files hold such calls)\n",
           s->path, s->line, what, name);
    s->found++;
}

/* An identifier of the Windows build's own code, in --tree mode. */
static void check_posix_name(scan *s, const char *tok) {
    if (in_list(tok, posix_names, sizeof posix_names / sizeof posix_names[0]) || !strncmp(tok, "pthread_", 8))
        report_posix(s, "name", tok);
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

static void set_prev(scan *s, const char *tok) { snprintf(s->prev, sizeof s->prev, "%s", tok); }

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
            if (!s->posix && in_list(name, directives, sizeof directives / sizeof directives[0])) report(s, "#", name);
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
            if (s->p < s->end && (*s->p == '"' || *s->p == '\'') &&
                (!strcmp(tok, "L") || !strcmp(tok, "u") || !strcmp(tok, "U") || !strcmp(tok, "u8"))) {
                skip_literal(s); /* L"..." and friends */
                set_prev(s, "\"\"");
                continue;
            }
            if (s->posix) {
                check_posix_name(s, tok);
                set_prev(s, tok);
                continue;
            }
            if (memchr(b, '$', (size_t)(s->p - b)))
                report(s, "'$' in the identifier ", tok);
            else if (in_list(tok, names, sizeof names / sizeof names[0]))
                report(s, "", tok);
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
            if (strcmp(s->prev, "(") && strcmp(s->prev, ","))
                report(s, "", "range with '...' (case range or array range)");
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

/* The whole file, NUL-terminated, or NULL with a message. */
static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "gnu-scan: cannot read %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - 1 - n, f)) > 0;) {
        n += got;
        if (n == cap - 1) {
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
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static int scan_file(const char *path, int *found) {
    size_t n;
    char *buf = read_all(path, &n);
    if (!buf) return -1;
    scan s = {path, buf, buf + n, 1, 0, 0, {0}};
    scan_text(&s);
    free(buf);
    *found += s.found;
    return 0;
}

/* --tree: is the file one of the project's own (under root), other than compat.h? */
static int own_file(const char *file, const char *root) {
    size_t n = strlen(root);
    if (strncmp(file, root, n) != 0 || (file[n] != '/' && file[n] != '\\')) return 0;
    size_t len = strlen(file);
    if (file[len - 1] == '/') return 0; /* gcc's marker of the working folder, "DIR//" */
    return !(len >= 17 && !strcmp(file + len - 17, "/wfpcert/compat.h"));
}

static int ends_with_header(const char *file, const char *h) {
    size_t a = strlen(file), b = strlen(h);
    return a > b && !strcmp(file + a - b, h) && (file[a - b - 1] == '/' || file[a - b - 1] == '\\');
}

/* --tree: the distinct files under ROOT seen in line markers, for the scan as written. */
static char **seen;
static size_t nseen;

/* path with "dir/../" and "./" folded, so that one header reached two ways is one file */
static void normalize(const char *in, char *out, size_t cap) {
    size_t k = 0;
    for (const char *p = in; *p && k + 1 < cap;) {
        if (p[0] == '.' && p[1] == '/' && (k == 0 || out[k - 1] == '/')) {
            p += 2;
        } else if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]) && k > 1 && out[k - 1] == '/') {
            k--; /* drop the last segment */
            while (k > 0 && out[k - 1] != '/') k--;
            p += p[2] ? 3 : 2;
        } else {
            out[k++] = *p++;
        }
    }
    out[k] = 0;
}

static void remember(const char *file) {
    char norm[4096];
    normalize(file, norm, sizeof norm);
    add_once(&seen, &nseen, norm);
}

/* A line marker, `# LINE "FILE" FLAGS` at the start of a line: 1 and its parts, else 0. */
static int line_marker(const char *p, const char *end, int *line, char *file, size_t cap, int *enter) {
    if (end - p < 4 || p[0] != '#' || p[1] != ' ' || !isdigit((unsigned char)p[2])) return 0;
    char *q;
    long l = strtol(p + 2, &q, 10);
    if (*q != ' ' || q[1] != '"') return 0;
    q += 2;
    size_t k = 0;
    for (; q < end && *q != '"' && *q != '\n'; q++) {
        if (*q == '\\' && q + 1 < end) q++; /* the marker escapes '\\' and '"' */
        if (k + 1 < cap) file[k++] = *q;
    }
    file[k] = 0;
    *line = (int)l;
    *enter = 0;
    for (; q < end && *q != '\n'; q++)
        if (q[0] == ' ' && q[1] == '1' && (q[2] == ' ' || q[2] == '\n' || q + 2 == end)) *enter = 1;
    return 1;
}

/* One preprocessed file: each region between line markers that belongs to a file under
 * root is scanned for POSIX names; entering a POSIX header from such a file is a finding. */
static int scan_preprocessed(const char *path, const char *root, int *found) {
    size_t n;
    char *buf = read_all(path, &n);
    if (!buf) return -1;
    const char *end = buf + n;
    char cur[4096] = "", next[4096];
    int cur_line = 1;
    for (const char *p = buf; p < end;) {
        /* the region runs to the next line marker */
        const char *q = p;
        int line = 1, enter = 0;
        while (q < end && !(q == buf || q[-1] == '\n' ? line_marker(q, end, &line, next, sizeof next, &enter) : 0)) {
            const char *nl = memchr(q, '\n', (size_t)(end - q));
            q = nl ? nl + 1 : end;
        }
        if (q > p && own_file(cur, root)) {
            scan s = {cur, p, q, cur_line, 0, 1, {0}};
            scan_text(&s);
            *found += s.found;
        }
        if (q >= end) break;
        if (enter && own_file(cur, root) && strncmp(next, root, strlen(root)) != 0) /* a system header */
            for (size_t i = 0; i < sizeof posix_headers / sizeof posix_headers[0]; i++)
                if (ends_with_header(next, posix_headers[i])) {
                    int at = cur_line; /* the #include is the line after the region */
                    for (const char *c = p; c < q; c++) at += *c == '\n';
                    scan s = {cur, NULL, NULL, at, 0, 1, {0}};
                    report_posix(&s, "header", posix_headers[i]);
                    *found += s.found;
                }
        snprintf(cur, sizeof cur, "%s", next);
        cur_line = line;
        if (own_file(cur, root)) remember(cur);
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        p = nl ? nl + 1 : end;
    }
    free(buf);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: gnu-scan FILE...\n"
                "       gnu-scan --tree ROOT FILE.i...\n"
                "Reports GNU (and Microsoft) extensions in C sources outside wfpcert/compat.h.  With --tree,\n"
                "FILE.i are Windows sources preprocessed by gcc -E -fdirectives-only: every file under ROOT\n"
                "they name is scanned so, and the POSIX-only headers and names those files use in the\n"
                "preprocessed text are reported too.\n"
                "Exit status: 0 none found, 1 findings, 2 usage or an unreadable file.\n");
        return argc < 2 ? 2 : 0;
    }
    const char *root = NULL;
    int first = 1;
    if (!strcmp(argv[1], "--tree")) {
        if (argc < 4) {
            fprintf(stderr, "gnu-scan: --tree wants ROOT and at least one preprocessed file\n");
            return 2;
        }
        root = argv[2];
        first = 3;
    }
    int found = 0, unreadable = 0, nfiles = argc - first;
    for (int i = first; i < argc; i++)
        if (root ? scan_preprocessed(argv[i], root, &found) : scan_file(argv[i], &found)) unreadable++;
    if (root) { /* then every file of the project they came from, as written */
        for (size_t i = 0; i < nseen; i++) {
            if (scan_file(seen[i], &found)) unreadable++;
            free(seen[i]);
        }
        free(seen);
        nfiles = (int)nseen;
    }
    if (unreadable) return 2;
    if (found) {
        printf("gnu-scan: %d finding(s) in %d file(s)\n", found, nfiles);
        return 1;
    }
    if (root)
        printf("gnu-scan: %d preprocessed source(s), %d file(s) under %s: no compiler extension outside "
               "wfpcert/compat.h, no POSIX-only header or name\n",
               argc - first, nfiles, root);
    else
        printf("gnu-scan: %d file(s), no compiler extension outside wfpcert/compat.h\n", nfiles);
    return 0;
}
