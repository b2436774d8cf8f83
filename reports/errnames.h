/*
 * errnames.h: one table of the error codes a report can show (WSA codes, the Win32 codes a
 * completion port gives, NTSTATUS and FWP values), so that every writer shows a code by name
 * and number (`WSAEFAULT (10014)`, `STATUS_BUFFER_TOO_SMALL (0xC0000023)`) and a reader does
 * not have to look numbers up.  Plain numbers only: no Winsock header, so it builds anywhere.
 */
#ifndef WFPCERT_REPORTS_ERRNAMES_H
#define WFPCERT_REPORTS_ERRNAMES_H

/* The name of a WSA or Win32 error code ("WSAEFAULT", "ERROR_INSUFFICIENT_BUFFER"), or NULL. */
const char *wr_err_name(unsigned long code);
/* The name of an NTSTATUS or HRESULT ("STATUS_BUFFER_TOO_SMALL", "FWP_E_NOT_FOUND"), or NULL. */
const char *wr_status_name(unsigned long status);

/* A copy of text (malloc'd, never NULL; NULL gives "") with every error code it recognises
 * shown by name and number:
 *   - a decimal WSA code anywhere (10014 -> "WSAEFAULT (10014)");
 *   - a decimal Win32 code where the text says it is one ("err=122", "win32=87", "122 or WSAEFAULT",
 *     "10057/122"), since bare small numbers are mostly sizes;
 *   - an 8-digit hexadecimal NTSTATUS or HRESULT (0xc0000023 -> "STATUS_BUFFER_TOO_SMALL (0xC0000023)");
 *   - a known name alone gets its number ("WSAEINVAL" -> "WSAEINVAL (10022)").
 * Text already in that form is left as it is, so annotating twice changes nothing. */
char *wr_err_annotate(const char *text);

#endif /* WFPCERT_REPORTS_ERRNAMES_H */
