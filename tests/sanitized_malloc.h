#pragma once
// EXP_SANITIZED_MALLOC is 1 when this test binary is built under a sanitizer
// that replaces malloc (ASan, MSan): its redzones and quarantine inflate the
// resident size and it interposes malloc itself, so tests of allocation
// counts and memory bounds skip their check. GCC says so with
// __SANITIZE_ADDRESS__; clang (CI's sanitizer stage) only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define EXP_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define EXP_SANITIZED_MALLOC 1
#endif
#endif
#ifndef EXP_SANITIZED_MALLOC
#define EXP_SANITIZED_MALLOC 0
#endif
