/*
 * sarif.c: the fuzz campaign's SARIF 2.1.0 log and its small HTML page.
 *
 * Why here and not in reports/: the reports library writes conformance runs; a campaign
 * needs one SARIF file (for code-scanning dashboards) and one page, so the two writers and
 * their escaping are kept small and local.  Escaping is the part that must be right: a
 * finding's text comes from sanitizer output and file names, i.e. from anywhere.
 */
#include <stdio.h>
#include <string.h>

#include "campaign.h"

void wh_put_json_string(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out); /* UTF-8 passes through; JSON allows it */
        }
    }
    fputc('"', out);
}

void wh_put_html_text(FILE *out, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                fputc('?', out);
            else
                fputc(*p, out);
        }
    }
}

int wh_write_sarif(const char *path, const wh_finding *f, int n) {
    FILE *out = fopen(path, "w");
    if (!out) return -1;
    fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
          "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"wfpcert fuzz\", \"informationUri\": "
          "\"https://example.invalid/wfpcert\", \"rules\": [",
          out);
    /* One rule per distinct rule id, in order of first appearance. */
    int written = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i; j++) seen |= strcmp(f[i].rule, f[j].rule) == 0;
        if (seen) continue;
        fputs(written++ ? ",\n      " : "\n      ", out);
        fputs("{\"id\": ", out);
        wh_put_json_string(out, f[i].rule);
        fputs(", \"shortDescription\": {\"text\": ", out);
        char text[128];
        snprintf(text, sizeof text, "%s (SEMANTICS.md or sanitizer)", f[i].rule);
        wh_put_json_string(out, text);
        fputs("}}", out);
    }
    fputs("]}},\n    \"results\": [", out);
    for (int i = 0; i < n; i++) {
        fputs(i ? ",\n      " : "\n      ", out);
        fputs("{\"ruleId\": ", out);
        wh_put_json_string(out, f[i].rule);
        fputs(", \"level\": \"error\", \"message\": {\"text\": ", out);
        char msg[700];
        snprintf(msg, sizeof msg, "fuzz target %s: %s", f[i].target, f[i].signature);
        wh_put_json_string(out, msg);
        fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
        wh_put_json_string(out, f[i].frame_file[0] ? f[i].frame_file : f[i].file);
        fputs("}", out);
        if (f[i].frame_line > 0) fprintf(out, ", \"region\": {\"startLine\": %d}", f[i].frame_line);
        fputs("}}], \"properties\": {\"input\": ", out);
        wh_put_json_string(out, f[i].file);
        fputs("}}", out);
    }
    fputs("\n    ]\n  }]\n}\n", out);
    return fclose(out) ? -1 : 0;
}

int wh_write_fuzz_html(const char *path, const char *title, const wh_target_run *runs, int nruns, const wh_finding *f,
                       int n) {
    FILE *out = fopen(path, "w");
    if (!out) return -1;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", out);
    wh_put_html_text(out, title);
    fputs("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left}.bad{color:#a00}</style></head><body>\n<h1>",
          out);
    wh_put_html_text(out, title);
    fputs("</h1>\n<table><tr><th>target</th><th>seconds</th><th>executions</th><th>new inputs</th>"
          "<th>crashes</th><th>unique</th><th>engine exit</th></tr>\n",
          out);
    for (int i = 0; i < nruns; i++) {
        fputs("<tr><td>", out);
        wh_put_html_text(out, runs[i].target);
        fprintf(out, "</td><td>%d</td><td>%lld</td><td>%d</td><td%s>%d</td><td>%d</td><td>%d</td></tr>\n",
                runs[i].seconds, runs[i].runs, runs[i].new_inputs, runs[i].crashes ? " class=\"bad\"" : "",
                runs[i].crashes, runs[i].unique, runs[i].exit_code);
    }
    fputs("</table>\n<h2>Findings</h2>\n", out);
    if (!n)
        fputs("<p>None.</p>\n", out);
    else
        fputs("<table><tr><th>target</th><th>rule</th><th>signature</th><th>input</th></tr>\n", out);
    for (int i = 0; i < n; i++) {
        fputs("<tr><td>", out);
        wh_put_html_text(out, f[i].target);
        fputs("</td><td>", out);
        wh_put_html_text(out, f[i].rule);
        fputs("</td><td>", out);
        wh_put_html_text(out, f[i].signature);
        fputs("</td><td><code>", out);
        wh_put_html_text(out, f[i].file);
        fputs("</code></td></tr>\n", out);
    }
    if (n) fputs("</table>\n", out);
    fputs("<p>Reproduce one with <code>wfpcert repro FILE</code>.</p>\n</body></html>\n", out);
    return fclose(out) ? -1 : 0;
}
