#ifndef RUNBOOK_CLIBCRYPTO_SHIM_H
#define RUNBOOK_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
