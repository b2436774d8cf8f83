/* memory.h: invalid-memory regions for the model target (see memory.c). */
#ifndef WFPCERT_TARGET_MEMORY_H
#define WFPCERT_TARGET_MEMORY_H

#include <stddef.h>

typedef enum { TM_GUARDED = 1, TM_READONLY, TM_UNMAPPED } tm_kind;

typedef struct tm_region {
    void *base;
    size_t size;
    tm_kind kind;
} tm_region;

void *tm_guarded(size_t len, tm_region *r);
void *tm_readonly(tm_region *r);
void *tm_unmapped(tm_region *r);
void tm_release(tm_region *r);

#endif
