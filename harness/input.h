/*
 * input.h: reading fuzz inputs from files and folders, for the replay driver, repro and the
 * campaign.  Inputs are small (the engines are run with -max_len well below the limit);
 * anything larger than WH_INPUT_MAX, unreadable or a folder where a file was expected is
 * refused with a message that names the path.
 */
#ifndef WFPCERT_INPUT_H
#define WFPCERT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#define WH_INPUT_MAX (1u << 20) /* 1 MiB */

/* Reads path into *data (malloc'd, caller frees).  0, or -1 with a message in err. */
int wh_read_input(const char *path, uint8_t **data, size_t *size, char *err, size_t cap);
/* Calls fn for every regular file in dir (sorted by name, dot files skipped); -1 if dir cannot be read. */
int wh_each_file(const char *dir, int (*fn)(const char *path, void *arg), void *arg, char *err, size_t cap);
int wh_is_dir(const char *path);

#endif /* WFPCERT_INPUT_H */
