/*
 * chain_html_check.c: `proxies-runner html-check FILE`: is the page `wfpcert chain --html` wrote
 * well-formed and self-contained?  Runs without xmllint or a browser, so the check exists on
 * every machine that runs the tests (the xmllint test is added when xmllint is there).
 *
 * Well-formed here is XML's rule, which the writer promises: every element closed or written
 * <x/>, names matched on a stack, attribute values quoted, no '<' or '>' in text or values,
 * and every '&' the start of an entity.  Self-contained: nothing a browser would fetch or run.
 * And the page must be the chain report: one diagram per flow.
 */
#include "proxies_tests.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64
#define MAX_NAME 32

static int fail(char *why, size_t cap, const char *html, const char *at, const char *what) {
    int line = 1;
    for (const char *p = html; p < at; p++) line += *p == '\n';
    snprintf(why, cap, "line %d: %s", line, what);
    return -1;
}

/* &name; or &#digits; */
static const char *entity(const char *p) {
    const char *q = p + 1;
    if (*q == '#') {
        q++;
        if (!isdigit((unsigned char)*q)) return NULL;
        while (isdigit((unsigned char)*q)) q++;
    } else {
        if (!isalpha((unsigned char)*q)) return NULL;
        while (isalnum((unsigned char)*q)) q++;
    }
    return *q == ';' ? q + 1 : NULL;
}

static const char *name_end(const char *p) {
    while (isalnum((unsigned char)*p) || *p == '-' || *p == ':' || *p == '_') p++;
    return p;
}

/* The attributes of a start tag, up to '>' or "/>"; NULL when one is malformed. */
static const char *attributes(const char *p) {
    for (;;) {
        while (isspace((unsigned char)*p)) p++;
        if (*p == '>' || (p[0] == '/' && p[1] == '>')) return p;
        const char *e = name_end(p);
        if (e == p || *e != '=' || (e[1] != '"')) return NULL;
        for (p = e + 2; *p != '"'; p++) {
            if (!*p || *p == '<' || *p == '>') return NULL;
            if (*p == '&' && !entity(p)) return NULL;
        }
        p++;
        if (!isspace((unsigned char)*p) && *p != '>' && *p != '/') return NULL;
    }
}

int px_html_check(const char *html, char *why, size_t cap) {
    static const char *const banned[] = {"<script", "<link",  "<img", "<iframe", "<object",
                                         " src=",   " href=", "url(", "@import"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++) {
        const char *hit = strstr(html, banned[i]);
        if (hit) return fail(why, cap, html, hit, "not self-contained (something a browser would fetch or run)");
    }
    const char *p = html;
    if (strncmp(p, "<!DOCTYPE html>", 15)) return fail(why, cap, html, p, "no <!DOCTYPE html> first");
    p += 15;
    char stack[MAX_DEPTH][MAX_NAME];
    int depth = 0, svgs = 0, flows = 0, roots = 0;
    while (*p) {
        if (*p == '&') {
            if (!entity(p)) return fail(why, cap, html, p, "'&' that starts no entity");
            p++;
            continue;
        }
        if (*p == '>') return fail(why, cap, html, p, "'>' in text");
        if (*p != '<') {
            if (!depth && !isspace((unsigned char)*p)) return fail(why, cap, html, p, "text outside <html>");
            p++;
            continue;
        }
        int closing = p[1] == '/';
        const char *n = p + 1 + closing, *e = name_end(n);
        size_t len = (size_t)(e - n);
        if (!len || len >= MAX_NAME) return fail(why, cap, html, p, "bad tag name");
        if (closing) {
            if (*e != '>') return fail(why, cap, html, p, "bad end tag");
            if (!depth || strlen(stack[depth - 1]) != len || strncmp(stack[depth - 1], n, len))
                return fail(why, cap, html, p, "end tag does not match the open element");
            depth--;
            p = e + 1;
            continue;
        }
        const char *end = attributes(e);
        if (!end)
            return fail(why, cap, html, p, "malformed attribute (unquoted, or '<', '>' or a bare '&' in a value)");
        if (!depth && roots++) return fail(why, cap, html, p, "more than one root element");
        svgs += len == 3 && !strncmp(n, "svg", 3);
        flows += !strncmp(p, "<div class=\"flow", 16);
        if (*end == '/') {
            p = end + 2; /* <x/>: opened and closed */
            continue;
        }
        if (depth == MAX_DEPTH) return fail(why, cap, html, p, "nested too deep");
        memcpy(stack[depth], n, len);
        stack[depth++][len] = 0;
        p = end + 1;
    }
    if (depth) return fail(why, cap, html, p, "elements left open at the end");
    if (!roots) return fail(why, cap, html, p, "no <html> element");
    if (!flows || svgs != flows) return fail(why, cap, html, p, "not one diagram per flow");
    snprintf(why, cap, "well-formed, self-contained, %d flow diagrams", svgs);
    return 0;
}

int px_html_check_main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: proxies-runner html-check FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "html-check: cannot open %s\n", argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    size_t got = s ? fread(s, 1, (size_t)n, f) : 0;
    fclose(f);
    if (!s) return 1;
    s[got] = 0;
    char why[160];
    int rc = px_html_check(s, why, sizeof why);
    printf("%s: %s\n", argv[1], why);
    free(s);
    return rc ? 1 : 0;
}
