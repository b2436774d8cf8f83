/*
 * campaign_log_test.c: what `wfpcert fuzz` reads from the engines' logs, checked on logs
 * written the way libFuzzer and AFL++ write them.
 *
 * Why: the campaign's run counts go into its HTML report and the closing figures; libFuzzer
 * prints the count twice ("Done N runs", then stat::number_of_executed_units), and adding both
 * once doubled every figure.  Exit 0 when every count is right.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign.h"

static int failures;

static void check(const char *name, const char *text, long long want) {
    char path[] = "/tmp/wfpcert-campaign-log-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        perror(path);
        exit(2);
    }
    close(fd);
    long long got = wh_fuzz_log_executions(path);
    unlink(path);
    if (got != want) {
        fprintf(stderr, "%s: %lld executions read, %lld written\n", name, got, want);
        failures++;
    }
}

int main(void) {
    check("libFuzzer",
          "#2\tINITED cov: 10 ft: 12 corp: 1/1b exec/s: 0 rss: 30Mb\n"
          "#329640\tDONE   cov: 1400 ft: 3000 corp: 200/4Kb lim: 4096 exec/s: 36626 rss: 481Mb\n"
          "Done 329640 runs in 9 second(s)\n"
          "stat::number_of_executed_units: 329640\n"
          "stat::average_exec_per_sec:     36626\n",
          329640);
    check("libFuzzer -fork=2",
          "#1000: cov: 100 ft: 200 corp: 10 exec/s 500 oom/timeout/crash: 0/0/0 time: 2s job: 1\n"
          "stat::number_of_executed_units: 1200\n"
          "stat::number_of_executed_units: 800\n",
          2000);
    check("libFuzzer without stats", "#10\tNEW cov: 5\nDone 10 runs in 0 second(s)\n", 10);
    check("fork mode, status lines only", "#100: cov: 1\n#250: cov: 2\n", 250);
    check("AFL++ fuzzer_stats", "start_time        : 1\nexecs_done        : 100167\nexecs_per_sec     : 9049.00\n",
          100167);
    if (failures) return 1;
    puts("campaign logs: every count read as written");
    return 0;
}
