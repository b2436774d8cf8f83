/* test-list.h: every unit test, declared once.  One list per area, each owned by that area. */
#include "list-kernel.h"
#include "list-net.h"
#include "list-ws2.h"
#include "list-records.h"
#include "list-wfp.h"
#include "list-auth.h"
#include "list-provider.h"
#include "list-callout.h"
