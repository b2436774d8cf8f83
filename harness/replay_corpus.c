/*
 * replay_corpus.c: `wfpcert certify` replays the checked-in corpus (every target's seeds and
 * regressions) after the conformance cases: wf_replay_corpus_main(argc, argv) with argv[1]
 * the corpus folder.  Each input runs in a child process, so an oracle abort or a sanitizer
 * report fails that file only; the failures are listed by path.
 *
 * Returns the number of failing files (0: clean), or -1 when the folder cannot be read.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "input.h"
#include "wh.h"

typedef struct replay {
    const wh_target_info *t;
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
    pid_t pid = fork();
    if (pid == 0) {
        r->t->run(data, size);
        _exit(0);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "replay: FAIL %s (target %s)\n", path, r->t->name);
        r->failed++;
    }
    free(data);
    return 0;
}

int wf_replay_corpus_main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : "corpus";
    if (!wh_is_dir(root)) {
        fprintf(stderr, "replay: %s: not a folder\n", root);
        return -1;
    }
    int files = 0, failed = 0;
    for (int i = 0; i < wh_target_count; i++) {
        replay r = {&wh_targets[i], 0, 0};
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
