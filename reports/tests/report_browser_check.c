/*
 * report_browser_check.c: proves report.html is self-contained and renders in a real browser without
 * console errors: it loads the page in headless Chromium (--dump-dom, console logged to
 * stderr), then checks that the DOM came back with the report in it and that no console
 * message was logged.
 *
 *   wfpcert_html_check REPORT.html      0 ok, 1 problem, 77 skip (no chromium on PATH)
 *   wfpcert_html_check --self-test FILE writes a page that logs a console error to FILE and
 *                                       checks that it IS caught, so a change in Chromium's
 *                                       log format cannot make the real check pass silently
 *   wfpcert_html_check --fold fail|pass SHOT.png REPORT.html
 *                                       in a 1280x800 window, the verdict banner and the first
 *                                       failure group (fail) or the "no failures" line (pass)
 *                                       must end above the fold; writes a screenshot to SHOT.png
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { SKIP = 77, TIMEOUT_S = 90 };

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)(n < 0 ? 0 : n) + 1);
    size_t got = s ? fread(s, 1, (size_t)(n < 0 ? 0 : n), f) : 0;
    if (s) s[got] = 0;
    fclose(f);
    return s;
}

static int find_chromium(char *out, size_t cap) {
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome"};
    const char *env = getenv("CHROMIUM");
    if (env && access(env, X_OK) == 0) {
        snprintf(out, cap, "%s", env);
        return 1;
    }
    const char *path = getenv("PATH");
    for (size_t i = 0; path && i < sizeof names / sizeof names[0]; i++)
        for (const char *p = path; *p;) {
            size_t n = strcspn(p, ":");
            snprintf(out, cap, "%.*s/%s", (int)n, p, names[i]);
            if (n && access(out, X_OK) == 0) return 1;
            p += n + (p[n] == ':');
        }
    return 0;
}

/* Runs chromium on file with stdout -> dom, stderr -> log; 0 when it exited normally.  mode is
 * "--dump-dom" or "--screenshot=PNG"; size a "--window-size=W,H" or NULL. */
static int run_chromium(const char *bin, const char *file, const char *dom, const char *log, const char *mode,
                        const char *size) {
    char profile[] = "/tmp/wfpcert-chromium-XXXXXX", url[4200], udd[128];
    if (!mkdtemp(profile)) return -1;
    snprintf(udd, sizeof udd, "--user-data-dir=%s", profile);
    if (file[0] == '/')
        snprintf(url, sizeof url, "file://%s", file);
    else {
        char cwd[4096];
        snprintf(url, sizeof url, "file://%s/%s", getcwd(cwd, sizeof cwd) ? cwd : ".", file);
    }
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(dom, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0) _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        setpgid(0, 0);
        const char *args[] = {bin,
                              "--headless",
                              "--no-sandbox",
                              "--disable-gpu",
                              "--disable-background-networking",
                              "--disable-component-update",
                              "--disable-sync",
                              "--no-first-run",
                              "--hide-scrollbars",
                              udd,
                              "--enable-logging=stderr",
                              "--v=0",
                              mode,
                              size ? size : url,
                              size ? url : NULL,
                              NULL};
        execv(bin, (char *const *)args);
        _exit(127);
    }
    if (pid < 0) return -1;
    int status = 0;
    for (int waited = 0;; waited++) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (waited > TIMEOUT_S * 10) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fprintf(stderr, "chromium did not finish in %d s\n", TIMEOUT_S);
            return -1;
        }
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    kill(-pid, SIGKILL); /* helper processes it may have left behind */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", profile);
    if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", profile);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Console messages: Chromium logs them as "...:CONSOLE(line)] "text", source: ..." (older) or
 * with "CONSOLE:" (newer); either way the word CONSOLE is on the line. */
static int console_lines(const char *log, int print) {
    int n = 0;
    for (const char *p = log; p && *p;) {
        size_t len = strcspn(p, "\n");
        const char *hit = strstr(p, "CONSOLE");
        if (hit && hit < p + len) {
            n++;
            if (print) fprintf(stderr, "console: %.*s\n", (int)len, p);
        }
        p += len + (p[len] == '\n');
    }
    return n;
}

/* Self-contained: nothing the page could fetch. */
static int static_checks(const char *html) {
    static const char *const banned[] = {
        "<script", "<link", "<iframe", "<img", " src=", "http:", "https:", "@import", "url("};
    int bad = 0;
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (strstr(html, banned[i])) {
            fprintf(stderr, "report.html is not self-contained: it contains \"%s\"\n", banned[i]);
            bad = 1;
        }
    return bad;
}

/* ---- above the fold: what a person sees first, measured by Chromium's own layout ---- */

enum { FOLD_W = 1280, FOLD_H = 800 };

/* Measures, in a copy of the report with a probe script (the report itself stays script-free),
 * where the banner and the first failure group (failing run) or the "no failures" line
 * (passing run) end, and writes "fold vh=H banner=B first=F groups=N" into the DOM. */
static const char probe[] = "<script>(function(){var vh=window.innerHeight,b=document.getElementById('verdict'),"
                            "g=document.querySelector('.group .ex'),n=document.querySelector('#failures + p.none'),"
                            "e=g||n,o=document.createElement('pre');o.id='fold';"
                            "o.textContent='fold vh='+vh+' banner='+(b?Math.ceil(b.getBoundingClientRect().bottom):-1)+"
                            "' first='+(e?Math.ceil(e.getBoundingClientRect().bottom):-1)+"
                            "' groups='+document.querySelectorAll('.group').length+' ';"
                            "document.body.appendChild(o);})();</script>";

static long fold_value(const char *dom, const char *key) {
    const char *p = strstr(dom, "<pre id=\"fold\">fold vh="); /* the result, not the script text */
    if (!p) return -2;
    const char *k = strstr(p, key);
    return k ? strtol(k + strlen(key), NULL, 10) : -2;
}

/* wfpcert_html_check --fold fail|pass SHOT.png REPORT.html */
static int fold_check(const char *bin, const char *want, const char *shot, const char *report) {
    char probe_file[4300], dom[4300], log[4300], size[64];
    snprintf(probe_file, sizeof probe_file, "%s.probe.html", shot);
    snprintf(dom, sizeof dom, "%s.dom", shot);
    snprintf(log, sizeof log, "%s.log", shot);
    snprintf(size, sizeof size, "--window-size=%d,%d", FOLD_W, FOLD_H);
    char *html = slurp(report);
    const char *end = html ? strstr(html, "</body>") : NULL;
    if (!end) {
        fprintf(stderr, "%s: not a report page (no </body>)\n", report);
        free(html);
        return 1;
    }
    FILE *f = fopen(probe_file, "w");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", probe_file);
        free(html);
        return 1;
    }
    fprintf(f, "%.*s%s%s", (int)(end - html), html, probe, end);
    fclose(f);
    free(html);
    char shot_opt[4400];
    snprintf(shot_opt, sizeof shot_opt, "--screenshot=%s", shot);
    remove(shot);
    if (run_chromium(bin, probe_file, dom, log, "--dump-dom", size) != 0 ||
        run_chromium(bin, report, "/dev/null", log, shot_opt, size) != 0) {
        fprintf(stderr, "chromium failed; its log is in %s\n", log);
        return 1;
    }
    char *d = slurp(dom), *png = slurp(shot);
    long vh = d ? fold_value(d, "vh=") : -2, banner = d ? fold_value(d, "banner=") : -2,
         first = d ? fold_value(d, "first=") : -2, groups = d ? fold_value(d, "groups=") : -2;
    int rc = 0;
    if (vh <= 0) {
        fprintf(stderr, "the probe did not report (see %s)\n", dom);
        rc = 1;
    } else {
        if (banner < 0 || banner > vh) {
            fprintf(stderr, "%s: the verdict banner %s (ends at %ld px, the window is %ld px high)\n", report,
                    banner < 0 ? "is missing" : "is not above the fold", banner, vh);
            rc = 1;
        }
        int fail = strcmp(want, "fail") == 0;
        if (fail != (groups > 0)) {
            fprintf(stderr, "%s: %ld failure groups; a %s run must have %s\n", report, groups, want,
                    fail ? "at least one" : "none");
            rc = 1;
        }
        if (first < 0 || first > vh) {
            fprintf(stderr, "%s: the %s %s (ends at %ld px, the window is %ld px high)\n", report,
                    fail ? "first failure group's example" : "\"no failures\" line",
                    first < 0 ? "is missing" : "is not above the fold", first, vh);
            rc = 1;
        }
    }
    /* the screenshot is for people (the report of a change names it); it must at least be a PNG */
    if (!png || memcmp(png, "\x89PNG", 4) != 0) {
        fprintf(stderr, "no PNG screenshot at %s\n", shot);
        rc = 1;
    }
    if (!rc)
        printf("%s: banner ends at %ld px, %s at %ld px, window %dx%ld; screenshot %s\n", report, banner,
               groups > 0 ? "first failure group" : "\"no failures\"", first, FOLD_W, vh, shot);
    free(d);
    free(png);
    return rc;
}

int main(int argc, char **argv) {
    int self = argc == 3 && strcmp(argv[1], "--self-test") == 0;
    int fold =
        argc == 5 && strcmp(argv[1], "--fold") == 0 && (strcmp(argv[2], "fail") == 0 || strcmp(argv[2], "pass") == 0);
    if (argc != 2 && !self && !fold) {
        fprintf(stderr, "usage: %s REPORT.html | --self-test FILE | --fold fail|pass SHOT.png REPORT.html\n", argv[0]);
        return 2;
    }
    const char *file = argv[argc - 1];
    char bin[4096], dom[4300], log[4300];
    if (!find_chromium(bin, sizeof bin)) {
        const char *ci = getenv("CI");
        if (ci && strcmp(ci, "true") == 0) { /* the test command installs chromium: a skip would hide it */
            printf("FAIL: chromium not found on PATH, and CI=true (tools/bootstrap.sh test installs it)\n");
            return 1;
        }
        printf("SKIP: chromium not found on PATH (apt-get install chromium; tools/bootstrap.sh does it in CI)\n");
        return SKIP;
    }
    if (fold) return fold_check(bin, argv[2], argv[3], argv[4]);
    if (self) {
        FILE *f = fopen(file, "w");
        if (!f) return 1;
        fputs("<!DOCTYPE html><html><head><title>x</title></head><body><p>x</p>"
              "<script>console.error('wfpcert-selftest');</script></body></html>\n",
              f);
        fclose(f);
    }
    snprintf(dom, sizeof dom, "%s.dom", file);
    snprintf(log, sizeof log, "%s.log", file);
    if (run_chromium(bin, file, dom, log, "--dump-dom", NULL) != 0) {
        fprintf(stderr, "chromium failed on %s; its log is in %s\n", file, log);
        return 1;
    }
    char *d = slurp(dom), *l = slurp(log), *html = self ? NULL : slurp(file);
    int rc = 0;
    if (!d || !strstr(d, "<html") || !strstr(d, "</html>")) {
        fprintf(stderr, "no DOM came back from chromium (see %s)\n", log);
        rc = 1;
    } else if (self) {
        rc = console_lines(l, 0) > 0 ? 0 : 1;
        printf(rc ? "self-test FAILED: a console error was not detected (log format changed?)\n"
                  : "self-test: a console error is detected\n");
    } else {
        if (!strstr(d, "id=\"summary\"") || !strstr(d, "id=\"traceability\"")) {
            fprintf(stderr, "the DOM lacks the report's sections\n");
            rc = 1;
        }
        if (console_lines(l, 1)) rc = 1;
        if (!html || static_checks(html)) rc = 1;
        if (!rc) printf("%s: rendered by %s, DOM %zu bytes, no console messages\n", file, bin, strlen(d));
    }
    free(d);
    free(l);
    free(html);
    return rc;
}
