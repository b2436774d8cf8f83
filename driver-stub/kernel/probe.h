/*
 * probe.h: user-memory probing, kept free of Winsock types so that probe.c can use the
 * system's own headers (process_vm_readv) without the model's names getting in the way.
 */
#ifndef WFPCERT_KERNEL_PROBE_H
#define WFPCERT_KERNEL_PROBE_H

#include <stdbool.h>
#include <stddef.h>

/* The way the kernel probes user buffers: both guard pages and unmapped memory fail, and
 * so does a write probe of a read-only page.  A NULL pointer with length 0 is valid. */
bool ms_probe_read(const void *p, size_t len);
bool ms_probe_write(void *p, size_t len);
/* Forget what is known about pages: whoever maps, protects or unmaps memory that callers may
 * name calls this (the probe remembers pages it found good). */
void ms_probe_invalidate(void);

#endif
