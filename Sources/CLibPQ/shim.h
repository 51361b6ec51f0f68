#ifndef RUNBOOK_CLIBPQ_SHIM_H
#define RUNBOOK_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
