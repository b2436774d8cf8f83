/*
 * fdp.c: the FuzzedDataProvider and the decoded-call log of fdp.h.
 */
#include "fdp.h"
#include "wfpcert/compat.h" /* WFPCERT_NO_COVERAGE: formatting decides nothing */

#include <stdarg.h>

void wh_fdp_init(fdp *f, const uint8_t *data, size_t size) {
    f->data = data;
    f->size = data ? size : 0;
    f->pos = 0;
}

size_t wh_fdp_remaining(const fdp *f) { return f->size - f->pos; }

uint8_t wh_fdp_u8(fdp *f) { return f->pos < f->size ? f->data[f->pos++] : 0; }

int wh_fdp_bool(fdp *f) { return wh_fdp_u8(f) & 1; }

uint32_t wh_fdp_u32(fdp *f) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)wh_fdp_u8(f) << (8 * i); /* little endian, as the dictionaries */
    return v;
}

uint32_t wh_fdp_range(fdp *f, uint32_t lo, uint32_t hi) {
    if (hi <= lo) return lo;
    uint32_t span = hi - lo, v = 0;
    /* One byte per 8 bits of span: small ranges cost one byte, so mutations stay aligned. */
    for (uint32_t s = span; s; s >>= 8) v = (v << 8) | wh_fdp_u8(f);
    return span == UINT32_MAX ? v : lo + v % (span + 1);
}

size_t wh_fdp_bytes(fdp *f, size_t n, const uint8_t **p) {
    size_t left = f->size - f->pos;
    if (n > left) n = left;
    *p = f->data ? f->data + f->pos : (const uint8_t *)"";
    f->pos += n;
    return n;
}

/* ------------------------------------------------------------ log */
static FILE *steps_out, *c_file;

void wh_fdp_log_to(FILE *steps, FILE *c_out) {
    steps_out = steps;
    c_file = c_out;
}
int wh_fdp_logging(void) { return steps_out != NULL; }
int wh_fdp_emitting(void) { return c_file != NULL; }

WFPCERT_NO_COVERAGE static void put_line(FILE *out, const char *indent, const char *fmt, va_list ap) {
    fputs(indent, out);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    fflush(out); /* a crash in the next call must not lose this line */
}

WFPCERT_NO_COVERAGE void wh_fdp_step(const char *fmt, ...) {
    if (!steps_out) return;
    va_list ap;
    va_start(ap, fmt);
    put_line(steps_out, "  ", fmt, ap);
    va_end(ap);
}

WFPCERT_NO_COVERAGE void wh_fdp_c(const char *fmt, ...) {
    if (!c_file) return;
    va_list ap;
    va_start(ap, fmt);
    put_line(c_file, "    ", fmt, ap);
    va_end(ap);
}

WFPCERT_NO_COVERAGE void wh_fdp_c_bytes(const char *decl, const void *p, size_t n) {
    if (!c_file) return;
    const unsigned char *b = p;
    fprintf(c_file, "    %s = {", decl);
    for (size_t i = 0; i < n; i++)
        fprintf(c_file, "%s%s0x%02x", i ? "," : "", i && i % 16 == 0 ? "\n        " : "", b[i]);
    fprintf(c_file, "%s};\n", n ? "" : "0");
    fflush(c_file);
}
