/*
 * replay_corpus.c: `wfpcert certify` replays the checked-in corpus (every target's seeds and
 * regressions) after the conformance cases: wf_replay_corpus(root, timeout_ms).  Each input
 * runs in a child process, so an oracle abort or a sanitizer report fails that file only, and
 * one that gives no result in the case timeout (certify's --timeout, 30 s by default) is killed
 * and fails, so a stack that hangs on an input cannot hold the run; the failures are listed by
 * path.
 *
 * Returns the number of failing files (0: clean), or -1 when the folder cannot be read.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_wait.h"
#include "commands.h"
#include "input.h"
#include "wh.h"

typedef struct replay {
    const wh_target_info *t;
    long timeout_ms; /* each input's, as a conformance case's */
    int files, failed;
} replay;

static int replay_file(const char *path, void *arg) {
    replay *r = arg;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (strcmp(base, "NOTES") == 0 || strncmp(base, "README", 6) == 0) return 0;
    uint8_t *data;
    size_t size;
    char err[512];
    r->files++;
    if (wh_read_input(path, &data, &size, err, sizeof err)) {
        fprintf(stderr, "replay: %s\n", err);
        r->failed++;
        return 0;
    }
    fflush(stdout);
    int gone[2];
    wh_child_pipe(gone);
    pid_t pid = fork();
    if (pid == 0) {
        wh_child_started(gone);
        r->t->run(data, size);
        _exit(0);
    }
    int st = 0, timed_out = pid > 0 ? wh_child_wait(pid, gone, r->timeout_ms, &st) : -1;
    if (pid < 0 && gone[0] >= 0) {
        close(gone[0]);
        close(gone[1]);
    }
    if (timed_out < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        if (timed_out > 0)
            fprintf(stderr, "replay: FAIL %s (target %s): no result after %.1f s; the process was killed\n", path,
                    r->t->name, (double)r->timeout_ms / 1000.0);
        else
            fprintf(stderr, "replay: FAIL %s (target %s)\n", path, r->t->name);
        r->failed++;
    }
    free(data);
    return 0;
}

int wf_replay_corpus(const char *root, long timeout_ms) {
    if (!wh_is_dir(root)) {
        fprintf(stderr, "replay: %s: not a folder\n", root);
        return -1;
    }
    int files = 0, failed = 0;
    for (int i = 0; i < wh_target_count; i++) {
        replay r = {&wh_targets[i], timeout_ms, 0, 0};
        char dir[1024], err[512];
        static const char *const where[] = {"%s/%s", "%s/regressions/%s"};
        for (int w = 0; w < 2; w++) {
            snprintf(dir, sizeof dir, where[w], root, wh_targets[i].name);
            if (wh_is_dir(dir)) wh_each_file(dir, replay_file, &r, err, sizeof err);
        }
        files += r.files;
        failed += r.failed;
    }
    printf("corpus replay: %d input(s), %d failed\n", files, failed);
    return failed;
}
