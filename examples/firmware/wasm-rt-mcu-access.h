/*
 * wasm-rt-mcu-access.h: how the generated code's load/store helpers are compiled, per core.
 *
 * wasm2c 1.0.32 emits one `static inline` helper per access kind (i32_load, i32_store8, ...): a bounds
 * check, then `wasm_rt_memcpy(&value, &mem->data[addr], size)`, since a WebAssembly access may be
 * unaligned. The Makefile's sed makes each helper `static inline WASM_MCU_ACCESS_ATTR` and includes
 * this header into the generated file, right after its own header (which brings wasm-rt.h).
 *
 * - Cores that load and store unaligned words in hardware (Cortex-M3/M4/M7: ARMv7-M, and the x86-64
 *   host): the copy is one ldr/str, and at -Os gcc would otherwise call the helpers instead of
 *   inlining them (bounds checks then cost ~30% more instructions). Forced inline: fast, and no
 *   bigger than the calls it replaces.
 * - Cores without unaligned access (Cortex-M0/M0+: ARMv6-M, where an unaligned ldr faults): gcc cannot
 *   turn a 4-byte memcpy of unknown alignment into ldr, so every inlined access became a bounds check
 *   plus a call to newlib's byte-by-byte memcpy (~1.5 KB more code than calling the helpers, and slow).
 *   Here each helper is compiled once, out of line, and copies with one ldr/str when the address is
 *   naturally aligned (the hash state, the context, the input rows) and byte by byte otherwise
 *   (CBOR's values after their one-byte heads): less flash and fewer instructions than both.
 *
 * Override with -DWASM_MCU_INLINE_ACCESS=0 or 1.
 */
#ifndef WASM_RT_MCU_ACCESS_H_
#define WASM_RT_MCU_ACCESS_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_MCU_INLINE_ACCESS
#if defined(__ARM_ARCH_6M__)
#define WASM_MCU_INLINE_ACCESS 0
#else
#define WASM_MCU_INLINE_ACCESS 1
#endif
#endif

#if WASM_MCU_INLINE_ACCESS
#define WASM_MCU_ACCESS_ATTR __attribute__((always_inline))
#else
#define WASM_MCU_ACCESS_ATTR __attribute__((noinline))

typedef uint16_t __attribute__((may_alias)) wasm_mcu_u16_alias;
typedef uint32_t __attribute__((may_alias)) wasm_mcu_u32_alias;

/* The helpers' copies: `n` is a constant (1, 2, 4 or 8) in every use, so the switch folds away.
 * Aligned: word/halfword moves; unaligned: bytes, written out one by one (a loop would be turned
 * back into a memcpy call at -Os). Either way the bytes are copied as they are (little-endian, as WebAssembly). */
static inline __attribute__((always_inline)) void wasm_mcu_access_copy(void* dst, const void* src, size_t n) {
  uint8_t* d = (uint8_t*)dst;
  const uint8_t* s = (const uint8_t*)src;
  const uintptr_t a = (uintptr_t)d | (uintptr_t)s;
  switch (n) {
    case 1:
      d[0] = s[0];
      return;
    case 2:
      if ((a & 1) == 0) {
        *(wasm_mcu_u16_alias*)d = *(const wasm_mcu_u16_alias*)s;
      } else {
        d[0] = s[0], d[1] = s[1];
      }
      return;
    case 4:
    case 8:
      if ((a & 3) == 0) {
        ((wasm_mcu_u32_alias*)d)[0] = ((const wasm_mcu_u32_alias*)s)[0];
        if (n == 8) ((wasm_mcu_u32_alias*)d)[1] = ((const wasm_mcu_u32_alias*)s)[1];
      } else {
        d[0] = s[0], d[1] = s[1], d[2] = s[2], d[3] = s[3];
        if (n == 8) d[4] = s[4], d[5] = s[5], d[6] = s[6], d[7] = s[7];
      }
      return;
    default:
      memcpy(dst, src, n);
  }
}
#undef wasm_rt_memcpy
#define wasm_rt_memcpy wasm_mcu_access_copy
#endif

#endif /* WASM_RT_MCU_ACCESS_H_ */
