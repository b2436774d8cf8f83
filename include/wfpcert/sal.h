/*
 * sal.h: the Microsoft source annotations (SAL 2: _In_, _Out_writes_bytes_(n), _IRQL_requires_(n),
 * ...) as empty macros, for code built against the model on Linux.
 *
 * A callout driver's sources (through wdk/wdm.h) and an everyday Windows program's (through
 * sdk/windef.h) are full of them; the model's compilers know none of them and the annotations
 * change nothing at run time.  One list serves both, so a file that includes both kinds of
 * header sees each macro defined once, the same way.
 */
#ifndef WFPCERT_SAL_H
#define WFPCERT_SAL_H

#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_z_
#define _In_opt_z_
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Must_inspect_result_
#define _Check_return_
#define _Use_decl_annotations_
#define _Null_terminated_
#define _Notnull_
#define _Maybenull_
#define _Reserved_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Post_maybenull_
#define _Pre_notnull_
#define _Interlocked_
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_requires_same_
#define _IRQL_uses_cancel_
#define _Printf_format_string_
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_bytes_to_(n, m)
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Field_size_(n)
#define _Field_size_opt_(n)
#define _Field_size_bytes_(n)
#define _Field_size_bytes_opt_(n)
#define _Post_writable_byte_size_(n)
#define _When_(c, a)
#define _At_(t, a)
#define _Success_(c)
#define _Analysis_assume_(c)
#define _Function_class_(n)
#define _Dispatch_type_(n)
#define _IRQL_requires_(n)
#define _IRQL_requires_max_(n)
#define _IRQL_requires_min_(n)
#define _IRQL_raises_(n)
#define _IRQL_saves_global_(k, v)
#define _IRQL_restores_global_(k, v)
#define _Requires_lock_held_(l)
#define _Requires_lock_not_held_(l)
#define _Requires_exclusive_lock_held_(l)
#define _Requires_shared_lock_held_(l)
#define _Acquires_lock_(l)
#define _Out_writes_to_(n, m)
#define _Pre_
#define _Post_

#endif
