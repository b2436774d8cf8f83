/* guiddef.h (wfpcert): GUID and DEFINE_GUID come from wdm.h. */
#include "wdm.h"
