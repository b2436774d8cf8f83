/*
 * world_internal.h: the layout of a world, shared only by the kernel's own files.
 */
#ifndef WFPCERT_KERNEL_WORLD_INTERNAL_H
#define WFPCERT_KERNEL_WORLD_INTERNAL_H

#include "kernel.h"

typedef struct ms_slot {
    ms_htype type;
    uint16_t gen;
    void *obj;
    uint32_t next_free;
} ms_slot;

typedef struct ms_deferred {
    void (*fn)(ms_world *, void *);
    void (*drop)(void *);
    void *arg;
    struct ms_deferred *next;
} ms_deferred;

typedef struct ms_event {
    bool signaled;
} ms_event;

typedef struct ms_iocp_packet {
    ms_packet p;
    struct ms_iocp_packet *next;
} ms_iocp_packet;

typedef struct ms_iocp {
    ms_iocp_packet *head, *tail;
} ms_iocp;

struct ms_world {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint32_t serial;
    ms_slot *slots;
    uint32_t nslots, capslots, free_head;
    ms_thread *threads;
    size_t nthreads;
    ms_deferred *def_head, *def_tail;
    ms_config cfg;
    bool real_time;
    bool real_time_forced;
    char *findings;
    size_t findings_len;
    int nfindings;
    void *ext[MS_EXT_COUNT];
    void (*ext_destroy[MS_EXT_COUNT])(void *);
};

/* Waits on the world's condition for at most the remaining time; returns false when the
 * deadline passed (or, in virtual time, at once). */
bool ms_block_locked(ms_world *w, DWORD timeout_ms, const struct timespec *deadline);
void ms_deadline(DWORD timeout_ms, struct timespec *deadline);

#endif
