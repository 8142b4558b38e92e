// Stand-in for <pthreadpool.h>, which Debian's libxnnpack-dev includes from xnnpack.h but does
// not depend on (the header is in libpthreadpool-dev).  The benchmark only ever passes a null
// pool, so the opaque handle type is all XNNPACK's header needs.  Used only when the real
// header is not installed.
#pragma once
typedef struct pthreadpool* pthreadpool_t;
