/*
 * Tests of the bare-metal runtime (wasm-rt-mcu.c) with tools/rt-test.wat: every trap is caught and
 * reported with its code, the module keeps working after a trap, bounds are exact, memory cannot
 * grow past the static pool, and re-instantiation resets memory and globals.
 * Built for the host and for the Cortex-M3 image; prints "N passed, M failed".
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "platform.h"
#include "rtt_w2c.h"
#include "wasm-rt-mcu.h"

static unsigned g_passed, g_failed;

static void say(const char* s) { plat_write(s, strlen(s)); }
static void say_u(uint32_t v) {
  char b[11];
  int i = 10;
  b[i] = 0;
  do {
    b[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  say(b + i);
}
static void check(bool ok, const char* what) {
  if (ok) g_passed++;
  else g_failed++;
  say(ok ? "ok   " : "FAIL ");
  say(what);
  say("\n");
}

static Z_rtt_instance_t inst;

/* Each probe runs one call under the trap guard and returns the trap code (0: none). */
static volatile uint32_t g_result;
#define PROBE(call)                          \
  static int probe_##call(void) {            \
    int code = WASM_MCU_TRY();               \
    if (code) return code;                   \
    g_result = (uint32_t)(call_##call());    \
    WASM_MCU_DONE();                         \
    return 0;                                \
  }

static uint32_t call_unreachable(void) { Z_rttZ_unreachable(&inst); return 0; }
static uint32_t call_oob_load(void) { return Z_rttZ_load32(&inst, 65533); }
static uint32_t call_last_word(void) { return Z_rttZ_load32(&inst, 65532); }
static uint32_t call_oob_store(void) { Z_rttZ_store8(&inst, 65536, 1); return 0; }
static uint32_t call_oob_huge(void) { return Z_rttZ_load8(&inst, 0xFFFFFFFFu); }
static uint32_t call_div0(void) { return Z_rttZ_divs(&inst, 1, 0); }
static uint32_t call_overflow(void) { return Z_rttZ_divs(&inst, 0x80000000u, 0xFFFFFFFFu); }
static uint32_t call_nan(void) {
  volatile float z = 0.0f;
  return Z_rttZ_trunc(&inst, z / z);
}
static uint32_t call_deep(void) { return Z_rttZ_recurse(&inst, 100000); }
static uint32_t call_shallow(void) { return Z_rttZ_recurse(&inst, WASM_RT_MAX_CALL_STACK_DEPTH - 2); }
static uint32_t call_same_sig(void) { return Z_rttZ_callI2I(&inst, 0, 21); }
static uint32_t call_wrong_sig(void) { return Z_rttZ_callV2I(&inst, 0); }
static uint32_t call_right_sig(void) { return Z_rttZ_callV2I(&inst, 1); }
static uint32_t call_null_slot(void) { return Z_rttZ_callV2I(&inst, 2); }
static uint32_t call_past_table(void) { return Z_rttZ_callV2I(&inst, 3); }
static uint32_t call_instantiate(void) { Z_rtt_instantiate(&inst); return 0; }

PROBE(unreachable)
PROBE(oob_load)
PROBE(last_word)
PROBE(oob_store)
PROBE(oob_huge)
PROBE(div0)
PROBE(overflow)
PROBE(nan)
PROBE(deep)
PROBE(shallow)
PROBE(same_sig)
PROBE(wrong_sig)
PROBE(right_sig)
PROBE(null_slot)
PROBE(past_table)
PROBE(instantiate)

int main(void) {
  wasm_rt_init();
  Z_rtt_init_module();
  check(probe_instantiate() == 0, "instantiate into the static pool");
  wasm_rt_memory_t* m = Z_rttZ_memory(&inst);
  check(m->size == 65536 && m->pages == 1 && m->max_pages == 1, "one 64 KiB page, max 1");
  check(m->data[100] == 42 && m->data[0] == 0 && m->data[65535] == 0, "data segment loaded, rest zero");
  check(wasm_mcu_func_type_count() <= WASM_MCU_MAX_FUNC_TYPES, "type table within its fixed size");

  check(probe_unreachable() == WASM_RT_TRAP_UNREACHABLE, "unreachable traps (UNREACHABLE)");
  check(Z_rttZ_add(&inst, 2, 3) == 5, "the module works after a trap");
  check(probe_oob_load() == WASM_RT_TRAP_OOB, "load crossing the end of memory traps (OOB)");
  check(probe_last_word() == 0, "load of the last 4 bytes works");
  check(probe_oob_store() == WASM_RT_TRAP_OOB, "store past the end traps (OOB)");
  check(probe_oob_huge() == WASM_RT_TRAP_OOB, "address 0xffffffff traps (OOB)");
  check(probe_div0() == WASM_RT_TRAP_DIV_BY_ZERO, "i32.div_s by 0 traps (DIV_BY_ZERO)");
  check(probe_overflow() == WASM_RT_TRAP_INT_OVERFLOW, "INT_MIN / -1 traps (INT_OVERFLOW)");
  check(probe_nan() == WASM_RT_TRAP_INVALID_CONVERSION, "trunc(NaN) traps (INVALID_CONVERSION)");
  check(probe_deep() == WASM_RT_TRAP_EXHAUSTION, "runaway recursion traps (EXHAUSTION), no crash");
  check(probe_shallow() == 0 && g_result == WASM_RT_MAX_CALL_STACK_DEPTH - 2, "recursion just below the limit works again after exhaustion");
#if WASM_RT_USE_STACK_DEPTH_COUNT
  check(wasm_rt_call_stack_depth == 0, "call depth counter restored after the traps");
#endif
  check(probe_same_sig() == 0 && g_result == 42, "call_indirect: identical signatures share a type id");
  check(probe_wrong_sig() == WASM_RT_TRAP_CALL_INDIRECT, "call_indirect with the wrong type traps");
  check(probe_right_sig() == 0 && g_result == 7, "call_indirect with the right type works");
  check(probe_null_slot() == WASM_RT_TRAP_CALL_INDIRECT, "call_indirect of a null slot traps");
  check(probe_past_table() == WASM_RT_TRAP_CALL_INDIRECT, "call_indirect past the table traps");
  check(Z_rttZ_grow(&inst, 1) == 0xFFFFFFFFu && Z_rttZ_size(&inst) == 1, "memory.grow past max fails (-1)");
  check(Z_rttZ_grow(&inst, 0) == 1, "memory.grow 0 returns the size");

  Z_rttZ_store8(&inst, 200, 9);
  Z_rttZ_bump(&inst);
  Z_rtt_free(&inst);
  check(probe_instantiate() == 0, "re-instantiate after free");
  check(Z_rttZ_load8(&inst, 200) == 0 && Z_rttZ_load8(&inst, 100) == 42 && Z_rttZ_bump(&inst) == 1,
        "re-instantiation resets memory, data and globals");
  static Z_rtt_instance_t other;
  {
    int code = WASM_MCU_TRY();
    if (code == 0) {
      Z_rtt_instantiate(&other);
      WASM_MCU_DONE();
    }
    check(code == WASM_RT_TRAP_EXHAUSTION, "a second instance cannot take the one pool (EXHAUSTION)");
  }
  check(Z_rttZ_add(&inst, 40, 2) == 42, "the first instance is unaffected");

  uint32_t stack = plat_stack_used();
  if (stack) {
    say("info stack-used ");
    say_u(stack);
    say(" bytes\n");
  }
  say_u(g_passed);
  say(" passed, ");
  say_u(g_failed);
  say(" failed\n");
  return g_failed ? 1 : 0;
}
