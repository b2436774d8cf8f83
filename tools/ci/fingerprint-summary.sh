#!/bin/sh
# fingerprint-summary.sh RUN_DIR TITLE: prints the fingerprint of a wfpcert run (which
# documented alternative of each contradiction the target showed, the section of its
# report.html) as Markdown with the report's own HTML table, for a CI job summary
# ($GITHUB_STEP_SUMMARY takes both).  The Windows jobs of .github/workflows/windows.yml use it
# so that the real stack's fingerprint can be set beside the model's without opening an
# artifact.  POSIX sh glue; the table itself is written by reports/html_trace.c.
# Exit status: 0 printed; 2 usage, or no report.html in RUN_DIR, or no fingerprint in it.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: sh tools/ci/fingerprint-summary.sh RUN_DIR TITLE" >&2
    exit 2
fi
report=$1/report.html
if [ ! -f "$report" ]; then
    echo "fingerprint-summary: $report not found (did the run write its reports?)" >&2
    exit 2
fi
section=$(awk '/<h2 id="fingerprint"/ { on = 1; next } on { print } on && /<\/table>|<\/p>/ { exit }' "$report")
if [ -z "$section" ]; then
    echo "fingerprint-summary: $report has no fingerprint section" >&2
    exit 2
fi
printf '### Fingerprint: %s\n\nWhich documented alternative of each contradiction (SEMANTICS C1..C24) the stack showed, per call mode; the full run is in the job'"'"'s artifact.\n\n%s\n\n' "$2" "$section"
