/*
 * config_test.c: tests of the native target's configuration parser (native/config.c).
 * Portable: it runs in every build, so a Linux CI catches a broken parser before a vendor
 * on Windows does.  argv[1] is native/example.conf, which must load as documented.
 */
#include "wfpcert/testkit.h"
#include "config.h"

static const char good[] = "vendor = V\n"
                           "redirect_address = 192.0.2.10\n"
                           "redirect_port = 443\n"
                           "proxy_port = 50000\n"
                           "context = no\n";

/* Parsing `text` must fail with a message containing every one of the words. */
static void rejects(const char *text, const char *w1, const char *w2) {
    nt_config c;
    char err[1024] = "";
    int rc = nt_config_parse(&c, "v.conf", text, err, sizeof err);
    if (rc == 0 || !strstr(err, w1) || (w2 && !strstr(err, w2))) {
        fprintf(stderr, "expected an error with '%s' and '%s', got rc %d: %s\n--- input:\n%s\n", w1, w2 ? w2 : "", rc,
                err, text);
        testkit_failures++;
    }
}

static void addresses(void) {
    unsigned char b[16];
    static const unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
    EXPECT(nt_parse_ipv4("192.0.2.10", b) == 0 && b[0] == 192 && b[3] == 10);
    EXPECT(nt_parse_ipv4("256.0.0.1", b) != 0);
    EXPECT(nt_parse_ipv4("1.2.3", b) != 0);
    EXPECT(nt_parse_ipv4("1.2.3.4.", b) != 0);
    EXPECT(nt_parse_ipv4("1.2.3.0004", b) != 0);
    EXPECT(nt_parse_ipv6("2001:db8::10", b) == 0 && memcmp(b, v6, 16) == 0);
    EXPECT(nt_parse_ipv6("2001:0db8:0:0:0:0:0:10", b) == 0 && memcmp(b, v6, 16) == 0);
    EXPECT(nt_parse_ipv6("::1", b) == 0 && b[15] == 1 && b[0] == 0);
    EXPECT(nt_parse_ipv6("::", b) == 0 && b[15] == 0);
    EXPECT(nt_parse_ipv6("fe80::", b) == 0 && b[0] == 0xfe && b[1] == 0x80 && b[15] == 0);
    EXPECT(nt_parse_ipv6("::ffff:192.0.2.1", b) == 0 && b[10] == 0xff && b[11] == 0xff && b[12] == 192 && b[15] == 1);
    EXPECT(nt_parse_ipv6("1::2::3", b) != 0);
    EXPECT(nt_parse_ipv6("1:2:3:4:5:6:7", b) != 0);
    EXPECT(nt_parse_ipv6("1:2:3:4:5:6:7:8:9", b) != 0);
    EXPECT(nt_parse_ipv6("12345::1", b) != 0);
    EXPECT(nt_parse_ipv6("1:", b) != 0);
    EXPECT(nt_parse_ipv6(":1", b) != 0);
    EXPECT(nt_parse_ipv6("192.0.2.1", b) != 0);
}

/* Parses text; 0 and the result in *c, or fails the test with the error. */
static int accepts(nt_config *c, const char *text) {
    char err[1024] = "";
    if (nt_config_parse(c, "v.conf", text, err, sizeof err) == 0) return 1;
    fprintf(stderr, "expected to be accepted, got: %s\n--- input:\n%s\n", err, text);
    testkit_failures++;
    return 0;
}

/* Writes bytes to a temporary file and loads it. */
static int load_bytes(nt_config *c, const void *bytes, size_t n, char *err, size_t cap) {
    const char *path = "config_test.tmp.conf";
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n || fclose(f)) {
        snprintf(err, cap, "cannot write %s", path);
        return -2;
    }
    int rc = nt_config_load(c, path, err, cap);
    remove(path);
    return rc;
}

/* Issue 14: comments, case, encodings, folders, every error at once, the proxy loop. */
static void later_checks(void) {
    nt_config c;
    char err[2048];
    /* '#' inside a value is the value's; after white space it starts a comment */
    if (accepts(&c, "vendor = V #1\nredirect_address = 192.0.2.10\nredirect_port = 443\nproxy_port = 50000\n"
                    "context = Yes\npid_file = C:\\temp\\#1\\proxy.pid\n#whole line\n"))
        EXPECT(strcmp(c.pid_file, "C:\\temp\\#1\\proxy.pid") == 0 && strcmp(c.vendor, "V") == 0 && c.context);
    if (accepts(&c, "vendor = V\nredirect_address = 192.0.2.10\nredirect_port = 443\nproxy_port = 1\ncontext = NO\n"))
        EXPECT(!c.context);
    /* every error is reported, each with its line */
    EXPECT(nt_config_parse(&c, "v.conf", "vendor = V\ncolour = x\nredirect_port = 0\nproxy_port = 2\ncontext = maybe\n",
                           err, sizeof err) != 0);
    EXPECT(strstr(err, "v.conf:2: unknown key 'colour'") && strstr(err, "v.conf:3: redirect_port") &&
           strstr(err, "v.conf:5: context") && strstr(err, "redirect_address (IPv4)"));
    /* the proxy is the redirect destination: a connection would never be redirected */
    rejects("vendor = V\nredirect_address = 127.0.0.1\nredirect_port = 5000\nproxy_port = 5000\ncontext = no\n",
            "v.conf:2:", "is the redirect destination");
    rejects("vendor = V\nredirect_address6 = ::1\nredirect_port = 5000\nproxy_port = 5000\ncontext = no\n",
            "v.conf:2:", "proxy_address6:proxy_port");
    accepts(&c, "vendor = V\nredirect_address = 127.0.0.1\nredirect_port = 5000\nproxy_port = 5001\ncontext = no\n");
    /* encodings: UTF-8 with a BOM, UTF-16LE and UTF-16BE with one; NULs without a BOM are named */
    static const char u8[] = "\xEF\xBB\xBFvendor = V\r\nredirect_address = 192.0.2.10\r\nredirect_port = 443\r\n"
                             "proxy_port = 50000\r\ncontext = no\r\n";
    EXPECT(load_bytes(&c, u8, sizeof u8 - 1, err, sizeof err) == 0 && c.redirect_port == 443);
    unsigned char le[2 * sizeof u8], be[2 * sizeof u8];
    size_t n = 0;
    le[n] = 0xFF, le[n + 1] = 0xFE, be[n] = 0xFE, be[n + 1] = 0xFF, n += 2;
    for (const char *p = u8 + 3; *p; p++, n += 2)
        le[n] = (unsigned char)*p, le[n + 1] = 0, be[n] = 0, be[n + 1] = (unsigned char)*p;
    EXPECT(load_bytes(&c, le, n, err, sizeof err) == 0 && c.proxy_port == 50000 && strcmp(c.vendor, "V") == 0);
    EXPECT(load_bytes(&c, be, n, err, sizeof err) == 0 && c.proxy_port == 50000);
    EXPECT(load_bytes(&c, le + 2, n - 2, err, sizeof err) != 0 && strstr(err, "UTF-16 with a byte-order mark"));
    /* a folder is named as one, not "Permission denied" or an empty file */
    EXPECT(nt_config_load(&c, ".", err, sizeof err) != 0 && strstr(err, "is a directory"));
}

int main(int argc, char **argv) {
    nt_config c;
    char err[1024];
    addresses();

    EXPECT(nt_config_parse(&c, "v.conf", good, err, sizeof err) == 0);
    EXPECT(c.redirect_port == 443 && c.proxy_port == 50000 && c.tcp && !c.udp && !c.context);
    EXPECT(c.proxy4[0] == 127 && c.proxy4[3] == 1 && c.proxy6[15] == 1 && c.timeout_ms == 5000);
    EXPECT(strcmp(c.vendor, "V") == 0 && c.has_redirect4 && !c.has_redirect6);

    /* Each bad input (appended to `good`, or alone), and two words its message must contain. */
    static const struct {
        int alone;
        const char *text, *w1, *w2;
    } bad[] = {
        {0, "colour = blue\n", "v.conf:6:", "unknown key 'colour'"},
        {0, "redirect_port = 80\n", "v.conf:6:", "set twice (first on line 3)"},
        {0, "timeout_ms = soon\n", "v.conf:6:", "timeout_ms"},
        {0, "just words\n", "v.conf:6:", "expected 'key = value'"},
        {0, "redirect_address6 = 2001:db8::zz\n", "v.conf:6:", "not an IPv6 address"},
        {0, "redirect_protocols = tcp, sctp\n", "v.conf:6:", "'sctp' is not a protocol"},
        {0, "context_size = 256\n", "v.conf:6:", "context = no"},
        {0, "pid_file =\n", "v.conf:6:", "has no value"},
        {1, "vendor = V\nredirect_address = 192.0.2.300\n", "v.conf:2:", "not an IPv4 address"},
        {1, "vendor = V\nredirect_address = 1.2.3.4\nredirect_port = 0\n", "v.conf:3:", "not a port"},
        {1, "vendor = V\nredirect_address = 1.2.3.4\nredirect_port = 70000\n", "v.conf:3:", "not a port"},
        {1, "vendor = V\nredirect_port = 1\nproxy_port = 2\ncontext = yes\n", "v.conf:", "redirect_address"},
        {1, "redirect_address = 1.2.3.4\nredirect_port = 1\nproxy_port = 2\ncontext = yes\n",
         "v.conf:", "required key 'vendor'"},
        {1, "vendor = V\nredirect_address = 1.2.3.4\nredirect_port = 1\nproxy_port = 2\ncontext = maybe\n",
         "v.conf:5:", "not yes or no"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text, "%s%s", bad[i].alone ? "" : good, bad[i].text);
        rejects(text, bad[i].w1, bad[i].w2);
    }

    EXPECT(nt_config_load(&c, "no/such/file.conf", err, sizeof err) != 0 && strstr(err, "no/such/file.conf"));
    later_checks();
    if (argc > 1) {
        if (nt_config_load(&c, argv[1], err, sizeof err) != 0) {
            fprintf(stderr, "the example configuration does not load: %s\n", err);
            testkit_failures++;
        } else {
            EXPECT(c.tcp && c.udp && c.context && c.context_size == 256 && c.has_redirect6 && c.redirect6[15] == 0x10);
            /* what the report and the submission bundle name as the certified driver */
            EXPECT(strcmp(c.driver, "netguard.sys") == 0 && strcmp(c.driver_version, "1.0.0.42") == 0 &&
                   !c.driver_file[0]);
        }
    }
    if (testkit_failures)
        fprintf(stderr, "%d check(s) failed\n", testkit_failures);
    else
        printf("native config: all checks passed\n");
    return testkit_failures != 0;
}
