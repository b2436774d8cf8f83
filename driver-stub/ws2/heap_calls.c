/*
 * heap_calls.c: the heap calls of heapapi.h: GetProcessHeap, HeapCreate, HeapDestroy,
 * HeapAlloc, HeapReAlloc, HeapFree and HeapSize.
 *
 * Why: services allocate their per-connection contexts and buffers with
 * HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, ...) or from a private heap they destroy at
 * once when they stop; without these names they do not even build against
 * <wfpcert/winsock.h>.  A heap is a list of malloc'd blocks under a lock, so that HeapDestroy
 * can free what is left and HeapSize can answer; the process heap is never destroyed.
 *
 * Behaviour, from learn.microsoft.com ("GetProcessHeap function", "HeapCreate function",
 * "HeapDestroy function", "HeapAlloc function", "HeapReAlloc function", "HeapFree function",
 * "HeapSize function", "Heap Functions"):
 *   HeapAlloc  at least dwBytes, aligned to MEMORY_ALLOCATION_ALIGNMENT (16 on x64), zeroed with
 *       HEAP_ZERO_MEMORY; 0 bytes gives a block of size 0.  On failure NULL and, as the page
 *       says, "it does not call SetLastError".  A heap made with a dwMaximumSize other than 0
 *       is not growable: "dwBytes must be less than 0x7FFF8", and its blocks together stay
 *       within dwMaximumSize (rounded up to pages, as HeapCreate does).
 *   HeapReAlloc  the block resized, its contents kept up to the smaller size; HEAP_ZERO_MEMORY
 *       zeroes what grows; HEAP_REALLOC_IN_PLACE_ONLY fails (NULL, the block unchanged) unless
 *       the new size fits where the block is: the model keeps each block at its first size's
 *       room, so it may shrink and grow back to that in place (its choice).  NULL on failure,
 *       without SetLastError.
 *   HeapFree  TRUE; a NULL lpMem is TRUE and frees nothing (Wine's heap tests on Windows).  A
 *       block of another heap is FALSE with ERROR_INVALID_PARAMETER: the page calls it
 *       undefined, and the model refuses it instead of corrupting (its choice).  A pointer no
 *       heap gave is not looked for: the model reads the header in front of it.
 *   HeapSize  the size asked for; (SIZE_T)-1 on failure, "the function does not call
 *       SetLastError".
 *   HeapCreate  flOptions beyond HEAP_NO_SERIALIZE and HEAP_CREATE_ENABLE_EXECUTE, or a
 *       dwMaximumSize other than 0 smaller than dwInitialSize, is ERROR_INVALID_PARAMETER (the
 *       model's choice); NULL with the last error set on failure, as the page says.
 *   HeapDestroy  "decommits and releases all the pages of a private heap object": the blocks
 *       left are freed and the handle is no heap any more.  The process heap is not destroyed
 *       ("Do not destroy the heap returned by GetProcessHeap"): FALSE with
 *       ERROR_INVALID_PARAMETER there, FALSE with ERROR_INVALID_HANDLE for a handle that is no
 *       heap (the model's choices).
 *   Serialization is always on: HEAP_NO_SERIALIZE is accepted and changes nothing.
 */
#include "../net/net.h"
#include "../kernel/mutex.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEAP_MAGIC 0x70616568u /* "heap" */
#define BLOCK_MAGIC 0x6b636c62u /* "blck" */
#define FIXED_BLOCK_LIMIT 0x7FFF8u /* HeapAlloc page: a non-growable heap's largest block, exclusive */
#define CREATE_FLAGS (HEAP_NO_SERIALIZE | HEAP_CREATE_ENABLE_EXECUTE)
#define CALL_FLAGS (HEAP_NO_SERIALIZE | HEAP_ZERO_MEMORY)

typedef struct heap heap;

/* The header in front of every block: a multiple of 16 bytes keeps the block at 16-byte alignment. */
typedef struct block {
    _Alignas(16) struct block *prev, *next;
    heap *owner;
    uint64_t magic;
    size_t size, room_over; /* room_over: room beyond size, for HEAP_REALLOC_IN_PLACE_ONLY */
} block;

struct heap {
    uint32_t magic;
    pthread_mutex_t lock;
    block *blocks;
    size_t used, max; /* max 0: growable */
    heap *next_heap;
};

static pthread_mutex_t heaps_lock = MS_MUTEX_INITIALIZER;
static heap process_heap = {HEAP_MAGIC, MS_MUTEX_INITIALIZER, NULL, 0, 0, NULL};
static heap *heaps = &process_heap; /* every live heap, so a stale handle is recognised */

static heap *heap_of(HANDLE h) {
    heap *found = NULL;
    ms_mutex_lock(&heaps_lock);
    for (heap *p = heaps; p; p = p->next_heap)
        if (p == (heap *)h) found = p;
    ms_mutex_unlock(&heaps_lock);
    return found;
}

/* The block lpMem is the start of, in heap hp: its header names the heap.  A pointer that no
 * HeapAlloc returned is undefined on Windows; the model reads the header in front of it. */
static block *block_of(heap *hp, LPCVOID mem) {
    if (!mem || ((uintptr_t)mem % MEMORY_ALLOCATION_ALIGNMENT)) return NULL;
    block *b = (block *)mem - 1;
    return b->magic == BLOCK_MAGIC && b->owner == hp ? b : NULL;
}

static size_t room_of(const block *b) { return b->size + b->room_over; }

static int fits(const heap *hp, size_t old_room, size_t bytes) {
    if (!hp->max) return bytes <= SIZE_MAX - sizeof(block);
    return bytes < FIXED_BLOCK_LIMIT && hp->used - old_room + bytes <= hp->max;
}

HANDLE GetProcessHeap(void) { return (HANDLE)&process_heap; }

HANDLE HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize) {
    if ((flOptions & ~(DWORD)CREATE_FLAGS) || (dwMaximumSize && dwMaximumSize < dwInitialSize)) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    heap *hp = calloc(1, sizeof *hp);
    if (!hp) {
        ms_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    hp->magic = HEAP_MAGIC;
    ms_mutex_init(&hp->lock);
    if (dwMaximumSize) hp->max = dwMaximumSize > SIZE_MAX - 4095 ? SIZE_MAX : (dwMaximumSize + 4095) & ~(size_t)4095;
    ms_mutex_lock(&heaps_lock);
    hp->next_heap = heaps;
    heaps = hp;
    ms_mutex_unlock(&heaps_lock);
    return (HANDLE)hp;
}

BOOL HeapDestroy(HANDLE hHeap) {
    heap *hp = heap_of(hHeap);
    if (!hp) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (hp == &process_heap) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_mutex_lock(&heaps_lock);
    for (heap **pp = &heaps; *pp; pp = &(*pp)->next_heap)
        if (*pp == hp) {
            *pp = hp->next_heap;
            break;
        }
    ms_mutex_unlock(&heaps_lock);
    for (block *b = hp->blocks, *n; b; b = n) {
        n = b->next;
        b->magic = 0;
        free(b);
    }
    hp->magic = 0;
    pthread_mutex_destroy(&hp->lock);
    free(hp);
    return TRUE;
}

LPVOID HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes) {
    heap *hp = heap_of(hHeap);
    if (!hp || (dwFlags & ~(DWORD)CALL_FLAGS)) return NULL;
    ms_mutex_lock(&hp->lock);
    block *b = fits(hp, 0, dwBytes) ? malloc(sizeof(block) + dwBytes) : NULL;
    if (b) {
        *b = (block){.prev = NULL, .next = hp->blocks, .owner = hp, .magic = BLOCK_MAGIC, .size = dwBytes};
        if (hp->blocks) hp->blocks->prev = b;
        hp->blocks = b;
        hp->used += dwBytes;
        if (dwFlags & HEAP_ZERO_MEMORY) memset(b + 1, 0, dwBytes);
    }
    ms_mutex_unlock(&hp->lock);
    return b ? (LPVOID)(b + 1) : NULL;
}

static void unlink_block(heap *hp, block *b) {
    if (b->prev)
        b->prev->next = b->next;
    else
        hp->blocks = b->next;
    if (b->next) b->next->prev = b->prev;
}

LPVOID HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes) {
    heap *hp = heap_of(hHeap);
    if (!hp || (dwFlags & ~(DWORD)(CALL_FLAGS | HEAP_REALLOC_IN_PLACE_ONLY))) return NULL;
    ms_mutex_lock(&hp->lock);
    block *b = block_of(hp, lpMem);
    LPVOID r = NULL;
    if (b && dwBytes <= room_of(b)) {
        /* in place: the block's room holds the new size */
        if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > b->size) memset((BYTE *)lpMem + b->size, 0, dwBytes - b->size);
        b->room_over = room_of(b) - dwBytes;
        b->size = dwBytes;
        r = lpMem;
    } else if (b && !(dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) && fits(hp, room_of(b), dwBytes)) {
        block *prev = b->prev, *next = b->next;
        size_t old = b->size, old_room = room_of(b);
        block *nb = realloc(b, sizeof(block) + dwBytes);
        if (nb) {
            nb->prev = prev;
            nb->next = next;
            if (prev)
                prev->next = nb;
            else
                hp->blocks = nb;
            if (next) next->prev = nb;
            if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > old) memset((BYTE *)(nb + 1) + old, 0, dwBytes - old);
            nb->size = dwBytes;
            nb->room_over = 0;
            hp->used = hp->used - old_room + dwBytes;
            r = nb + 1;
        }
    }
    ms_mutex_unlock(&hp->lock);
    return r;
}

BOOL HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem) {
    heap *hp = heap_of(hHeap);
    if (!hp) {
        ms_set_last_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lpMem) return TRUE;
    if (dwFlags & ~(DWORD)HEAP_NO_SERIALIZE) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ms_mutex_lock(&hp->lock);
    block *b = block_of(hp, lpMem);
    if (b) {
        unlink_block(hp, b);
        hp->used -= room_of(b);
        b->magic = 0;
    }
    ms_mutex_unlock(&hp->lock);
    if (!b) {
        ms_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    free(b);
    return TRUE;
}

SIZE_T HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem) {
    heap *hp = heap_of(hHeap);
    if (!hp || (dwFlags & ~(DWORD)HEAP_NO_SERIALIZE)) return (SIZE_T)-1;
    ms_mutex_lock(&hp->lock);
    block *b = block_of(hp, lpMem);
    SIZE_T r = b ? b->size : (SIZE_T)-1;
    ms_mutex_unlock(&hp->lock);
    return r;
}
