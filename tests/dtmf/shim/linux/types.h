/* SPDX-License-Identifier: GPL-2.0 */
/* What driver/core/dtmf.c takes from the kernel, for userspace builds */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H
#include <stdbool.h>
#include <stdint.h>

typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
#endif
