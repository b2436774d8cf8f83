/* memory.h: invalid-memory regions for the model target (see memory.c). */
#ifndef WFPCERT_TARGET_MEMORY_H
#define WFPCERT_TARGET_MEMORY_H

#include <stddef.h>

typedef enum { MS_TARGET_GUARDED = 1, MS_TARGET_READONLY, MS_TARGET_UNMAPPED } ms_target_kind;

typedef struct ms_target_region {
    void *base;
    size_t size;
    ms_target_kind kind;
} ms_target_region;

void *ms_target_guarded(size_t len, ms_target_region *r);
void *ms_target_readonly(ms_target_region *r);
void *ms_target_unmapped(ms_target_region *r);
void ms_target_release(ms_target_region *r);

#endif
