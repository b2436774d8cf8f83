/*
 * test_reports.c: tests of the reports library without the runner.
 *
 *   wfpcert_reports_test unit        escaping, the JSON emitter, run folders and latest
 *   wfpcert_reports_test sample DIR  writes the three files of sample_run.c into DIR, for
 *                                    the xmllint, JSON and Chromium tests (see CMakeLists)
 */
#define _XOPEN_SOURCE 700
#include "wfpcert/testkit.h"
#include "reports.h"
#include "sample_run.h"
#include "writer.h"
#include "errnames.h"
#include "sha256.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Runs fn into a memory stream and compares with want. */
static void expect_text(const char *what, void (*fn)(FILE *, const void *), const void *arg, const char *want) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f, arg);
    fclose(f);
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "%s:\n  got  [%s]\n  want [%s]\n", what, buf, want);
        testkit_failures++;
    }
    free(buf);
}

static void esc_json(FILE *f, const void *s) { wr_escape(f, WR_JSON, s); }
static void esc_markup(FILE *f, const void *s) { wr_escape(f, WR_MARKUP, s); }

static void test_escaping(void) {
    expect_text("json specials", esc_json, "a\"b\\c\n\r\t\b\f", "a\\\"b\\\\c\\n\\r\\t\\b\\f");
    expect_text("json controls", esc_json, "\x01\x1f\x7f", "\\u0001\\u001f\\u007f");
    expect_text("json keeps utf-8", esc_json, "caf\xc3\xa9 \xf0\x9f\x92\xa5", "caf\xc3\xa9 \xf0\x9f\x92\xa5");
    expect_text("json invalid byte", esc_json,
                "a\xff"
                "b",
                "a\xef\xbf\xbd"
                "b");
    expect_text("json truncated sequence", esc_json, "\xc3(", "\xef\xbf\xbd(");
    expect_text("json overlong", esc_json, "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
    expect_text("json surrogate", esc_json, "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    expect_text("json above U+10FFFF", esc_json, "\xf4\x90\x80\x80",
                "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    expect_text("markup specials", esc_markup, "<a href='x'>&\"</a>",
                "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    expect_text("markup controls", esc_markup, "\x01\t\n\r\x7f", "\xef\xbf\xbd\t\n\r\xef\xbf\xbd");
    expect_text("markup C1 control", esc_markup, "\xc2\x85", "\xef\xbf\xbd");
    expect_text("markup U+FFFE", esc_markup, "\xef\xbf\xbe", "\xef\xbf\xbd");
    expect_text("markup invalid byte", esc_markup, "\xfe", "\xef\xbf\xbd");
}

static void json_doc(FILE *f, const void *unused) {
    wr_json j;
    wr_json_init(&j, f);
    wr_json_obj_begin(&j, NULL);
    wr_json_str(&j, "a", "x\"");
    wr_json_arr_begin(&j, "b");
    wr_json_int(&j, NULL, -3);
    wr_json_bool(&j, NULL, 1);
    wr_json_str(&j, NULL, NULL);
    wr_json_arr_end(&j);
    wr_json_obj_begin(&j, "empty");
    wr_json_obj_end(&j);
    wr_json_obj_end(&j);
    wr_json_finish(&j);
}

static void test_json_emitter(void) {
    expect_text("json emitter", json_doc, NULL,
                "{\n  \"a\": \"x\\\"\",\n  \"b\": [\n    -3,\n    true,\n    null\n  ],\n  \"empty\": {}\n}\n");
}

static void test_names_and_rules(void) {
    EXPECT(strcmp(wr_outcome_name(WC_NONSTRICT), "NON-STRICT") == 0);
    EXPECT(strcmp(wr_level_name(WC_IMPL), "IMPL") == 0);
    EXPECT(wr_level_parse("should") == WC_SHOULD);
    EXPECT(wr_level_parse("MUSTX") == -1);
    EXPECT(wr_outcome_fails_run(WC_FAIL, 0) && wr_outcome_fails_run(WC_CRASH, 1));
    EXPECT(wr_outcome_fails_run(WC_TIMEOUT, 0) && wr_outcome_fails_run(WC_XPASS, 0));
    EXPECT(!wr_outcome_fails_run(WC_XPASS, 1) && !wr_outcome_fails_run(WC_NONSTRICT, 0));
    EXPECT(!wr_outcome_fails_run(WC_XFAIL, 0) && !wr_outcome_fails_run(WC_UNSUPPORTED, 0));
    EXPECT(!wr_outcome_fails_run(WC_INFORMATIONAL, 0) && !wr_outcome_fails_run(WC_PASS, 0));
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static int has_file(const char *dir, const char *name) {
    char p[4200];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

static void expect_run_files(const char *dir) {
    EXPECT(has_file(dir, "junit.xml"));
    EXPECT(has_file(dir, "results.json"));
    EXPECT(has_file(dir, "report.html"));
    EXPECT(has_file(dir, "COMPLETE"));
}

static void expect_link(const char *link, const char *want) {
    char got[4200];
    ssize_t n = readlink(link, got, sizeof got - 1);
    got[n < 0 ? 0 : n] = 0;
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s -> [%s], want [%s]\n", link, got, want);
        testkit_failures++;
    }
}

static void test_folders(void) {
    char root[] = "/tmp/wfpcert-reports-XXXXXX", path[4200], want[8400], err[512], name[256];
    EXPECT(mkdtemp(root) != NULL);
    wr_run r;
    sample_run_build(&r);
    wr_run_folder_name(&r, name, sizeof name);
    EXPECT(strcmp(name, "20250131T123456Z-native-strict") == 0);

    wr_folder_opts o = {root, NULL, 0};
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) == 0);
    snprintf(want, sizeof want, "%s/runs/%s", root, name);
    EXPECT(strcmp(path, want) == 0);
    expect_run_files(path);
    snprintf(want, sizeof want, "%s/latest", root);
    expect_link(want, "runs/20250131T123456Z-native-strict");

    /* Same second, same target: a new folder with a suffix; the first stays as it was. */
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) == 0);
    snprintf(want, sizeof want, "%s/runs/%s-2", root, name);
    EXPECT(strcmp(path, want) == 0);
    snprintf(want, sizeof want, "%s/latest", root);
    expect_link(want, "runs/20250131T123456Z-native-strict-2");
    snprintf(want, sizeof want, "%s/runs/%s", root, name);
    expect_run_files(want);

    /* latest cannot be moved (here a real folder holding a file stands in its place, as a
     * Windows account that may make neither a link nor the text file): the run is still
     * whole in its folder, and its path comes back with 1 so the summary can name it. */
    char stuck[4300], held[4400];
    snprintf(stuck, sizeof stuck, "%s/stuck", root);
    snprintf(held, sizeof held, "%s/latest/keep", stuck);
    EXPECT(mkdir(stuck, 0777) == 0);
    snprintf(want, sizeof want, "%s/latest", stuck);
    EXPECT(mkdir(want, 0777) == 0);
    FILE *keep = fopen(held, "w");
    EXPECT(keep && fclose(keep) == 0);
    wr_folder_opts so = {stuck, NULL, 0};
    path[0] = 0;
    EXPECT(wr_write_run_folder(&r, &so, path, sizeof path, err, sizeof err) == 1);
    snprintf(want, sizeof want, "%s/runs/%s", stuck, name);
    EXPECT(strcmp(path, want) == 0);
    expect_run_files(path);
    EXPECT(strstr(err, "/latest") != NULL);

    /* --out: created with its parents; taken -> refused (never a sibling the user did not
     * name) unless forced; an existing empty folder is used. */
    char out[4200];
    snprintf(out, sizeof out, "%s/deep/er/out", root);
    o.out_dir = out;
    EXPECT(wr_check_run_folder(&o, err, sizeof err) == 0);
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) == 0);
    EXPECT(strcmp(path, out) == 0);
    expect_run_files(out);
    EXPECT(wr_check_run_folder(&o, err, sizeof err) == -1);
    EXPECT(strstr(err, "holds files") != NULL);
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) == -1);
    EXPECT(strstr(err, "add --force") != NULL);
    o.force = 1;
    EXPECT(wr_check_run_folder(&o, err, sizeof err) == 0);
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) == 0);
    EXPECT(strcmp(path, out) == 0);
    o.force = 0;
    /* An interrupted run: no COMPLETE (forced onto a complete run's folder, the old marker goes
     * too), and latest does not move to it. */
    wr_run_folder rf;
    r.interrupted = 2;
    r.planned = r.ncases + 5;
    o.force = 1;
    EXPECT(wr_run_folder_begin(&rf, &r, &o, err, sizeof err) == 0);
    EXPECT(strstr(rf.work, ".partial-") != NULL);
    EXPECT(wr_run_folder_finish(&rf, &r, 0, path, sizeof path, err, sizeof err) == 0);
    EXPECT(strcmp(path, out) == 0 && has_file(out, "results.json") && !has_file(out, "COMPLETE"));
    wr_folder_opts runs = {root, NULL, 0};
    EXPECT(wr_run_folder_begin(&rf, &r, &runs, err, sizeof err) == 0);
    EXPECT(wr_run_folder_finish(&rf, &r, 0, path, sizeof path, err, sizeof err) == 0);
    snprintf(want, sizeof want, "%s/runs/%s-3", root, name);
    EXPECT(strcmp(path, want) == 0 && !has_file(path, "COMPLETE"));
    snprintf(want, sizeof want, "%s/latest", root);
    expect_link(want, "runs/20250131T123456Z-native-strict-2");
    r.interrupted = 0;
    o.force = 0;
    snprintf(out, sizeof out, "%s/empty", root);
    EXPECT(mkdir(out, 0777) == 0);
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) == 0);
    EXPECT(strcmp(path, out) == 0);

    /* A root that cannot be created is an error naming the path. */
    o.out_dir = NULL;
    snprintf(out, sizeof out, "%s/runs/%s/junit.xml/x", root, name);
    o.root = out;
    EXPECT(wr_write_run_folder(&r, &o, path, sizeof path, err, sizeof err) != 0);
    EXPECT(strstr(err, "junit.xml") != NULL);

    wr_run_free(&r);
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Error codes by name and number, once, without touching sizes and counts. */
static void test_errnames(void) {
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"failure with 10014, at once", "failure with WSAEFAULT (10014), at once"},
        {"A48.QR.udp.sync=err=10022", "A48.QR.udp.sync=err=WSAEINVAL (10022)"},
        {"win32=87", "win32=ERROR_INVALID_PARAMETER (87)"},
        {"failure with 10057/10022/122/10014",
         "failure with WSAENOTCONN (10057)/WSAEINVAL (10022)/ERROR_INSUFFICIENT_BUFFER (122)/WSAEFAULT (10014)"},
        {"C2: size probe (122 or WSAEFAULT, size N)",
         "C2: size probe (ERROR_INSUFFICIENT_BUFFER (122) or WSAEFAULT (10014), size N)"},
        {"Internal = 0xc0000023", "Internal = STATUS_BUFFER_TOO_SMALL (0xC0000023)"},
        {"ends FALSE/995", "ends FALSE/ERROR_OPERATION_ABORTED (995)"},
        {"expected: 10022 (0x2726)", "expected: WSAEINVAL (10022, 0x2726)"},
        /* left alone: sizes, counts, ids, unknown values, other hex */
        {"SET accepted a blob with zeros (148 bytes): ok size=122 (A57)",
         "SET accepted a blob with zeros (148 bytes): ok size=122 (A57)"},
        {"147 of 147 truncations, 1/2 done, code 0x98000004, 1.10014 s",
         "147 of 147 truncations, 1/2 done, code 0x98000004, 1.10014 s"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = wr_err_annotate(cases[i].in);
        EXPECT_STR(got, cases[i].want);
        char *twice = wr_err_annotate(got); /* annotating twice changes nothing */
        EXPECT_STR(twice, got);
        free(twice);
        free(got);
    }
    char *null = wr_err_annotate(NULL);
    EXPECT_STR(null, "");
    free(null);
    EXPECT_STR(wr_err_name(10055), "WSAENOBUFS");
    EXPECT_STR(wr_status_name(0xC00000BBul), "STATUS_NOT_SUPPORTED");
    EXPECT(wr_err_name(148) == NULL);
}

/* The FIPS 180-4 examples, and a file of a million 'a' (read in pieces) against its known hash. */
static void test_sha256(void) {
    static const struct {
        const char *in, *want;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char hex[65];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        wr_sha256_hex(v[i].in, strlen(v[i].in), hex);
        EXPECT_STR(hex, v[i].want);
    }
    char path[] = "/tmp/wfpcert-sha-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    EXPECT(f != NULL);
    if (!f) return;
    for (int i = 0; i < 1000000; i++) fputc('a', f);
    fclose(f);
    EXPECT(wr_sha256_file(path, hex) == 0);
    EXPECT_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    remove(path);
    EXPECT(wr_sha256_file(path, hex) == -1);
}

/* report.html reads from the top: banner, then failure groups, then the per-clause table;
 * codes are named; a filtered run names what it did not select instead of calling it a gap. */
static void test_html_order(void) {
    wr_run r;
    sample_run_build(&r);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wr_write_html(&r, f);
    fclose(f);
    const char *banner = strstr(buf, "id=\"verdict\""), *groups = strstr(buf, "id=\"failures\""),
               *group1 = strstr(buf, "id=\"group-1\""), *clauses = strstr(buf, "id=\"clauses\"");
    EXPECT(banner && groups && group1 && clauses);
    EXPECT(banner && groups && banner < groups);
    EXPECT(group1 && clauses && group1 < clauses);
    EXPECT_HAS(buf, "NOT CONFORMING");
    EXPECT_HAS(buf, "against the reference windows");
    EXPECT_HAS(buf, "Contoso NetShield 4.2");
    EXPECT_HAS(buf, "netshield.sys 4.2.0.1187");
    EXPECT_HAS(buf, "WSAENOBUFS (10055)"); /* the message said err=10055 */
    EXPECT(strstr(buf, "err=10055") == NULL);
    EXPECT_HAS(buf, "not selected by this run");
    EXPECT(strstr(buf, "gap: no case") == NULL || strstr(buf, "A99") == NULL);
    free(buf);
    wr_run_free(&r);
}

typedef int (*writer_fn)(const wr_run *, FILE *);

static int write_sample(const char *dir) {
    static const struct {
        const char *name;
        writer_fn fn;
    } files[] = {{"junit.xml", wr_write_junit}, {"results.json", wr_write_json}, {"report.html", wr_write_html}};
    wr_run r;
    sample_run_build(&r);
    mkdir(dir, 0777);
    int rc = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", dir, files[i].name);
        FILE *f = fopen(p, "w");
        if (!f || files[i].fn(&r, f) != 0 || fclose(f) != 0) {
            fprintf(stderr, "cannot write %s: %s\n", p, strerror(errno));
            rc = 1;
        }
    }
    wr_run_free(&r);
    return rc;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "sample") == 0) return write_sample(argv[2]);
    if (argc != 2 || strcmp(argv[1], "unit") != 0) {
        fprintf(stderr, "usage: %s unit | sample DIR\n", argv[0]);
        return 2;
    }
    test_escaping();
    test_json_emitter();
    test_names_and_rules();
    test_folders();
    test_errnames();
    test_sha256();
    test_html_order();
    if (testkit_failures)
        fprintf(stderr, "%d failure(s)\n", testkit_failures);
    else
        puts("reports unit tests: ok");
    return testkit_failures ? 1 : 0;
}
