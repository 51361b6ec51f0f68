// libFuzzer's driver entry point (compiler-rt), called from each fuzz target's main.swift.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
