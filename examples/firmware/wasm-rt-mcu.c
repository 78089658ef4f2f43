/*
 * wasm-rt-mcu.c: bare-metal runtime for wasm2c output (wabt 1.0.32). See wasm-rt-mcu.h.
 * No heap, no OS: a static page pool, a fixed function-type table, traps via longjmp.
 */
#include "wasm-rt-mcu.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_BYTES 65536u

jmp_buf wasm_rt_jmp_buf;
volatile int wasm_mcu_try_armed;

#if WASM_RT_USE_STACK_DEPTH_COUNT
uint32_t wasm_rt_call_stack_depth;
uint32_t wasm_rt_saved_call_stack_depth;
#endif

/* ---- traps ---------------------------------------------------------------------------------- */

__attribute__((weak)) WASM_RT_NO_RETURN void wasm_mcu_fatal(wasm_rt_trap_t code) {
  (void)code;
  __builtin_trap(); /* no libc needed: an undefined instruction (HardFault on Cortex-M) */
}

WASM_RT_NO_RETURN void wasm_rt_trap(wasm_rt_trap_t code) {
#if WASM_RT_USE_STACK_DEPTH_COUNT
  wasm_rt_call_stack_depth = wasm_rt_saved_call_stack_depth;
#endif
#ifdef WASM_RT_TRAP_HANDLER
  WASM_RT_TRAP_HANDLER(code);
  wasm_rt_unreachable();
#else
  if (!wasm_mcu_try_armed) wasm_mcu_fatal(code);
  wasm_mcu_try_armed = 0;
  longjmp(wasm_rt_jmp_buf, code == WASM_RT_TRAP_NONE ? -1 : (int)code);
#endif
}

const char* wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no error";
    case WASM_RT_TRAP_OOB: return "out-of-bounds memory or table access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT: return "invalid call_indirect";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
#if !WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS
    case WASM_RT_TRAP_EXHAUSTION: return "call stack or runtime resources exhausted";
#endif
  }
  return "unknown trap";
}

/* ---- runtime state -------------------------------------------------------------------------- */

void wasm_rt_init(void) {}
bool wasm_rt_is_initialized(void) { return true; }
void wasm_rt_free(void) {}

/* ---- function types: fixed table, exact deduplication --------------------------------------- */

/* A signature is packed 3 bits per value type (params then results) into 64 bits, which holds up
 * to 21 values; longer signatures cannot be registered (trap: exhaustion). */
typedef struct {
  uint32_t lo, hi;
  uint8_t params, results;
} func_type_t;

static func_type_t g_types[WASM_MCU_MAX_FUNC_TYPES];
static uint32_t g_type_count;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  uint32_t n = params + results;
  if (n > 21 || params > 255 || results > 255) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  uint64_t packed = 0;
  va_list ap;
  va_start(ap, results);
  for (uint32_t i = 0; i < n; i++) packed |= (uint64_t)((unsigned)va_arg(ap, int) & 7u) << (3 * i);
  va_end(ap);
  func_type_t t = {(uint32_t)packed, (uint32_t)(packed >> 32), (uint8_t)params, (uint8_t)results};
  for (uint32_t i = 0; i < g_type_count; i++) {
    const func_type_t* e = &g_types[i];
    if (e->lo == t.lo && e->hi == t.hi && e->params == t.params && e->results == t.results)
      return i + 1; /* ids start at 1: 0 is the null funcref's type */
  }
  if (g_type_count >= WASM_MCU_MAX_FUNC_TYPES) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  g_types[g_type_count] = t;
  return ++g_type_count;
}

uint32_t wasm_mcu_func_type_count(void) { return g_type_count; }

/* ---- linear memory: one static pool --------------------------------------------------------- */

#ifdef WASM_MCU_POOL_SECTION
__attribute__((section(WASM_MCU_POOL_SECTION)))
#endif
static uint8_t g_pool[WASM_MCU_POOL_BYTES] __attribute__((aligned(16)));
static wasm_rt_memory_t* g_pool_owner;
/* The pool is in .bss, zero at reset: only a pool that an instance has used needs zeroing again
 * (WebAssembly memory starts zeroed). Skipping it spares the first instantiation a pass over the pool. */
#ifdef WASM_MCU_POOL_SECTION
static bool g_pool_used = true; /* a custom section need not be zeroed at reset */
#else
static bool g_pool_used;
#endif

static uint32_t pool_bytes_for(uint32_t pages) {
  uint64_t want = (uint64_t)pages * PAGE_BYTES;
  return want > WASM_MCU_POOL_BYTES ? WASM_MCU_POOL_BYTES : (uint32_t)want;
}

void wasm_rt_allocate_memory(wasm_rt_memory_t* memory, uint32_t initial_pages, uint32_t max_pages) {
  /* One memory at a time; an instance re-instantiated without wasm_rt_free_memory may take it back. */
  if (initial_pages > WASM_MCU_PAGES || (g_pool_owner && g_pool_owner != memory))
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  g_pool_owner = memory;
  memory->data = g_pool;
  memory->pages = initial_pages;
  memory->max_pages = max_pages < WASM_MCU_PAGES ? max_pages : WASM_MCU_PAGES;
  memory->size = pool_bytes_for(initial_pages);
  if (g_pool_used) memset(g_pool, 0, WASM_MCU_POOL_BYTES);
  g_pool_used = true;
}

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t delta) {
  uint32_t old_pages = memory->pages;
  uint64_t new_pages = (uint64_t)old_pages + delta;
  if (new_pages > memory->max_pages) return UINT32_MAX;
  memory->pages = (uint32_t)new_pages;
  memory->size = pool_bytes_for((uint32_t)new_pages); /* the pool was zeroed at allocation */
  return old_pages;
}

void wasm_rt_free_memory(wasm_rt_memory_t* memory) {
  if (g_pool_owner == memory) g_pool_owner = NULL;
  memory->data = NULL;
  memory->size = 0;
}

/* ---- funcref tables (only if a module has one; MVP has no externref) ------------------------ */

#if WASM_MCU_TABLE_ELEMS > 0
static wasm_rt_funcref_t g_table[WASM_MCU_TABLE_ELEMS];
static wasm_rt_funcref_table_t* g_table_owner;
#endif

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements,
                                    uint32_t max_elements) {
#if WASM_MCU_TABLE_ELEMS > 0
  if (elements > WASM_MCU_TABLE_ELEMS || (g_table_owner && g_table_owner != table))
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  g_table_owner = table;
  for (uint32_t i = 0; i < WASM_MCU_TABLE_ELEMS; i++) g_table[i] = wasm_rt_funcref_null_value;
  table->data = g_table;
  table->size = elements;
  table->max_size = max_elements < WASM_MCU_TABLE_ELEMS ? max_elements : WASM_MCU_TABLE_ELEMS;
#else
  (void)max_elements;
  if (elements > 0) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION); /* build with -DWASM_MCU_TABLE_ELEMS=n */
  table->data = NULL;
  table->size = 0;
  table->max_size = 0;
#endif
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) {
#if WASM_MCU_TABLE_ELEMS > 0
  if (g_table_owner == table) g_table_owner = NULL;
#endif
  table->data = NULL;
  table->size = 0;
}

uint32_t wasm_rt_grow_funcref_table(wasm_rt_funcref_table_t* table, uint32_t delta,
                                    wasm_rt_funcref_t init) {
  uint32_t old = table->size;
  uint64_t want = (uint64_t)old + delta;
  if (want > table->max_size) return UINT32_MAX;
  for (uint32_t i = old; i < (uint32_t)want; i++) table->data[i] = init;
  table->size = (uint32_t)want;
  return old;
}
