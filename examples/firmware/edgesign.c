/*
 * edgesign.c: the C API of edgesign.h over the wasm2c translation of build/edgesign.wasm.
 *
 * Everything the module needs is written into its IN window, everything it produces is read from its
 * OUT window and digest area (docs/abi.md). This file checks what the ABI leaves to the host: lengths
 * against the windows, UTF-8 well-formedness, finite floats, call order.
 */
#include "edgesign.h"

#include <string.h>

#include "edgesign_w2c.h" /* generated: wasm2c build/edgesign.wasm -n edgesign */
#include "wasm-rt-mcu.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "edgesign.c copies little-endian values straight into wasm memory: little-endian targets only"
#endif

/* wasm2c 1.0.32 names (Z_ mangling). Later wabt releases renamed them (w2c_edgesign_...): if you use
 * one, these three macros and the runtime are what must change. */
#define W(name) Z_edgesignZ_##name
typedef Z_edgesign_instance_t instance_t;
#define W_INIT_MODULE Z_edgesign_init_module
#define W_INSTANTIATE Z_edgesign_instantiate
#define W_FREE Z_edgesign_free

/* msgBegin flags, msgValues kinds, statuses and the digest area: generated from abi/edgesign-abi.mjs. */
#include "edgesign-abi.h"
#define F_CBOR EDGESIGN_ABI_FLAG_CBOR
#define F_IAT EDGESIGN_ABI_FLAG_IAT
#define F_DEVICE_NAME EDGESIGN_ABI_FLAG_DEVICE_NAME
#define F_INTERVAL_FLOAT EDGESIGN_ABI_FLAG_INTERVAL_FLOAT
#define KIND_F32 EDGESIGN_ABI_KIND_F32
#define KIND_I16 EDGESIGN_ABI_KIND_I16
#define SIG_HEX_LEN EDGESIGN_ABI_DIGEST_HEX_BYTES
#define MAX_CTX_SAVE 256u /* bytes of context the one-shot helpers save on the stack */

typedef enum { ST_UNINIT, ST_NOKEY, ST_READY, ST_MSG, ST_ANY } state_t; /* ST_ANY: for enter() */

static instance_t g_inst;
static struct {
  state_t state;
  bool in_call; /* a public function is running (guards against calls from a sink) */
  /* layout, cached after instantiation */
  uint32_t in_ptr, in_cap, out_ptr, out_cap, ctx_ptr, ctx_size, digest_ptr;
  /* message in progress */
  edgesign_sink_t sink;
  void* user;
  uint32_t n_sensors;
  uint32_t rows; /* complete rows added so far, for error positions */
  size_t emitted; /* bytes handed to the sink */
  /* diagnostics */
  uint32_t err_row, err_col;
  int last_trap;
} g;

static uint8_t* mem(void) { return W(memory)(&g_inst)->data; }

/* ---- trap guard ----------------------------------------------------------------------------- */

/* Every function that calls into the module arms the trap handler first. A trap (a bug, never an
 * input error) lands back in the GUARD with the trap code; the instance is then rebuilt. */
static edgesign_status_t instantiate(void);

static edgesign_status_t trapped(int code) {
  g.last_trap = code;
  g.in_call = false;
  if (instantiate() != EDGESIGN_OK) g.state = ST_UNINIT;
  return EDGESIGN_ERR_TRAP;
}

#define GUARD()                                      \
  do {                                               \
    int trap_code_ = WASM_MCU_TRY();                 \
    if (trap_code_ != 0) return trapped(trap_code_); \
  } while (0)
#define UNGUARD() WASM_MCU_DONE()

/* Entry check of every public function: initialized, not called from a sink, in state `need`. */
static edgesign_status_t enter(state_t need) {
  if (g.in_call || g.state == ST_UNINIT) return EDGESIGN_ERR_STATE;
  if (need != ST_ANY && g.state != need) return EDGESIGN_ERR_STATE;
  return EDGESIGN_OK;
}

/* ---- instance and layout -------------------------------------------------------------------- */

static bool window_ok(uint32_t ptr, uint32_t size, uint32_t mem_size) {
  return ptr <= mem_size && size <= mem_size - ptr;
}

/* Called with the trap guard armed by the caller (or from trapped(), where it arms its own). */
static edgesign_status_t instantiate_unguarded(void) {
  static bool module_initialized;
  if (!module_initialized) {
    wasm_rt_init();
    W_INIT_MODULE();
    module_initialized = true;
  } else {
    W_FREE(&g_inst);
  }
  W_INSTANTIATE(&g_inst);
  if (W(version)(&g_inst) != EDGESIGN_ABI_VERSION) return EDGESIGN_ERR_ABI;
  g.in_ptr = W(inPtr)(&g_inst);
  g.in_cap = W(inCap)(&g_inst);
  g.out_ptr = W(outPtr)(&g_inst);
  g.out_cap = W(outCap)(&g_inst);
  g.ctx_ptr = W(ctxPtr)(&g_inst);
  g.ctx_size = W(ctxSize)(&g_inst);
  g.digest_ptr = W(digestPtr)(&g_inst);
  uint32_t size = W(memory)(&g_inst)->size;
#if EDGESIGN_MODULE_HAS_MEMORY_TOP
  /* A firmware-profile module names the end of everything it touches (assembly/firmware.ts): the
   * runtime must back at least that much, or a later access would trap. */
  if (W(memoryTop)(&g_inst) > size) return EDGESIGN_ERR_ABI;
#endif
  /* The windows must lie inside the memory the runtime really has (a shrunken pool, see
   * wasm-rt-mcu.h, would make every access past it trap), and be large enough to be useful. */
  if (!window_ok(g.in_ptr, g.in_cap, size) || !window_ok(g.out_ptr, g.out_cap, size) ||
      !window_ok(g.ctx_ptr, g.ctx_size, size) || !window_ok(g.digest_ptr, EDGESIGN_ABI_DIGEST_BYTES + SIG_HEX_LEN, size) ||
      g.in_cap < 64 || g.out_cap < 256 || g.ctx_size > MAX_CTX_SAVE)
    return EDGESIGN_ERR_ABI;
  return EDGESIGN_OK;
}

static edgesign_status_t instantiate(void) {
  g.state = ST_UNINIT;
  /* A trap while instantiating means the module does not fit this runtime: its data past a shrunken
   * pool, more function types than the table holds, ... */
  if (WASM_MCU_TRY() != 0) return EDGESIGN_ERR_ABI;
  edgesign_status_t st = instantiate_unguarded();
  UNGUARD();
  if (st == EDGESIGN_OK) g.state = ST_NOKEY;
  return st;
}

edgesign_status_t edgesign_init(void) {
  if (g.in_call) return EDGESIGN_ERR_STATE;
  return instantiate();
}

size_t edgesign_out_capacity(void) { return g.state == ST_UNINIT ? 0 : g.out_cap; }
size_t edgesign_in_capacity(void) { return g.state == ST_UNINIT ? 0 : g.in_cap; }
uint32_t edgesign_error_row(void) { return g.err_row; }
uint32_t edgesign_error_col(void) { return g.err_col; }
int edgesign_last_trap(void) { return g.last_trap; }

/* ---- key ------------------------------------------------------------------------------------ */

edgesign_status_t edgesign_set_key(const uint8_t* key, size_t len, uint32_t flags) {
  edgesign_status_t st = enter(ST_ANY);
  if (st) return st;
  if (g.state == ST_MSG) return EDGESIGN_ERR_STATE;
  if (!key || len == 0 || len > g.in_cap) return EDGESIGN_ERR_KEY;
  if (len < 32 && !(flags & EDGESIGN_KEY_ALLOW_SHORT)) return EDGESIGN_ERR_KEY;
  GUARD();
  memcpy(mem() + g.in_ptr, key, len);
  W(hmacKey)(&g_inst, (u32)len);
  memset(mem() + g.in_ptr, 0, len); /* don't leave the key lying in the window */
  UNGUARD();
  g.state = ST_READY;
  return EDGESIGN_OK;
}

/* ---- header --------------------------------------------------------------------------------- */

/* RFC 3629 well-formedness: no overlongs, no surrogates, nothing above U+10FFFF. */
static bool utf8_ok(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t k;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) k = 1;
    else if (c == 0xE0) { k = 2; lo = 0xA0; }
    else if (c == 0xED) { k = 2; hi = 0x9F; }
    else if (c >= 0xE1 && c <= 0xEF) k = 2;
    else if (c == 0xF0) { k = 3; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) k = 3;
    else if (c == 0xF4) { k = 3; hi = 0x8F; }
    else return false;
    if (n - i <= k) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (size_t j = 2; j <= k; j++)
      if ((s[i + j] & 0xC0) != 0x80) return false;
    i += k + 1;
  }
  return true;
}

static void put_u32le(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

/* Writes the lengths table and the strings into IN; returns EDGESIGN_OK or an error. */
static edgesign_status_t put_strings(const edgesign_header_t* h) {
  uint32_t n_strings = 2 + 2 * h->n_sensors;
  if (h->n_sensors > (g.in_cap / 4 - 2) / 2) return EDGESIGN_ERR_FULL;
  uint8_t* in = mem() + g.in_ptr;
  size_t pos = 4u * n_strings;
  for (uint32_t i = 0; i < n_strings; i++) {
    const char* s;
    if (i == 0) s = h->device_name ? h->device_name : "";
    else if (i == 1) s = h->device_type;
    else s = (i & 1) ? h->sensors[(i - 2) / 2].units : h->sensors[(i - 2) / 2].name;
    if (!s) return EDGESIGN_ERR_ARG;
    size_t len = strlen(s);
    if (!utf8_ok((const uint8_t*)s, len)) return EDGESIGN_ERR_UTF8;
    if (len > g.in_cap - pos) return EDGESIGN_ERR_FULL;
    memcpy(in + pos, s, len);
    put_u32le(in + 4u * i, (uint32_t)len);
    pos += len;
  }
  return EDGESIGN_OK;
}

/* Finite and positive doubles, finite floats, told from their IEEE 754 bits: on a core without an FPU,
 * isfinite() and `> 0` become libgcc's software compares (~0.5 KB on a Cortex-M0) and a call per value. */
static bool double_positive_finite(double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return (bits >> 63) == 0 && bits != 0 && (bits >> 52) != 0x7ff; /* sign clear, not +0, not inf/NaN */
}
static bool float_finite(uint32_t bits) { return (bits & 0x7f800000u) != 0x7f800000u; }

/* v < 2^53 as a double, built from its bits (IEEE 754 binary64): `(double)v` would link libgcc's
 * software __aeabi_ul2d (with double adds and multiplies) on cores without an FPU. */
static double u53_to_double(uint64_t v) {
  if (v == 0) return 0.0;
  int top = 63 - __builtin_clzll(v); /* highest set bit, <= 52: exact */
  uint64_t bits = ((uint64_t)(1023 + top) << 52) | ((v << (52 - top)) & ((UINT64_C(1) << 52) - 1));
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

static edgesign_status_t begin(const edgesign_header_t* h, edgesign_sink_t sink, void* user) {
  edgesign_status_t st = enter(ST_ANY);
  if (st) return st;
  if (g.state == ST_NOKEY || g.state == ST_MSG) return EDGESIGN_ERR_STATE;
  if (!h || !h->device_type || !h->sensors || h->n_sensors == 0) return EDGESIGN_ERR_ARG;
  if (h->encoding != EDGESIGN_JSON && h->encoding != EDGESIGN_CBOR) return EDGESIGN_ERR_ARG;
  if (!double_positive_finite(h->interval_ms)) return EDGESIGN_ERR_ARG;
  if (h->has_iat && h->iat >= (UINT64_C(1) << 53)) return EDGESIGN_ERR_ARG;
  if (h->interval_as_float && h->encoding != EDGESIGN_CBOR) return EDGESIGN_ERR_ARG;
  uint32_t flags = (h->encoding == EDGESIGN_CBOR ? F_CBOR : 0) | (h->has_iat ? F_IAT : 0) |
                   (h->device_name ? F_DEVICE_NAME : 0) |
                   (h->interval_as_float ? F_INTERVAL_FLOAT : 0);
  GUARD();
  st = put_strings(h);
  if (st == EDGESIGN_OK) {
    s32 r = (s32)W(msgBegin)(&g_inst, flags, h->has_iat ? u53_to_double(h->iat) : 0.0, h->interval_ms,
                             h->n_sensors);
    if (r == EDGESIGN_ABI_STATUS_FULL) st = EDGESIGN_ERR_FULL;
    else if (r < 0) st = EDGESIGN_ERR_ARG;
  }
  UNGUARD();
  if (st) return st;
  g.sink = sink;
  g.user = user;
  g.n_sensors = h->n_sensors;
  g.rows = 0;
  g.emitted = 0;
  g.state = ST_MSG;
  return EDGESIGN_OK;
}

edgesign_status_t edgesign_begin(const edgesign_header_t* header) {
  return begin(header, NULL, NULL);
}

edgesign_status_t edgesign_begin_stream(const edgesign_header_t* header, edgesign_sink_t sink,
                                        void* user) {
  if (!sink) return EDGESIGN_ERR_ARG;
  return begin(header, sink, user);
}

void edgesign_abort(void) {
  if (!g.in_call && g.state == ST_MSG) g.state = ST_READY;
}

/* ---- values --------------------------------------------------------------------------------- */

/* Hands OUT[0..pos) to the sink (msgDrain absorbs it into the HMAC first). Call under GUARD. */
static edgesign_status_t drain(size_t* drained) {
  uint32_t n = W(msgDrain)(&g_inst);
  if (drained) *drained = n;
  if (n == 0) return EDGESIGN_OK;
  g.in_call = true; /* a sink calling back into the API gets EDGESIGN_ERR_STATE */
  int r = g.sink(g.user, mem() + g.out_ptr, n);
  g.in_call = false;
  g.emitted += n;
  return r ? EDGESIGN_ERR_SINK : EDGESIGN_OK;
}

static edgesign_status_t add_values(uint32_t kind, const void* values, size_t count, size_t esize) {
  edgesign_status_t st = enter(ST_MSG);
  if (st) return st;
  if (count == 0) return EDGESIGN_OK;
  if (!values || count % g.n_sensors) return EDGESIGN_ERR_ARG;
  const uint8_t* src = (const uint8_t*)values;
  if (kind == KIND_F32) {
    /* The ABI requires finite floats; report the first offender's position. */
    for (size_t i = 0; i < count; i++) {
      uint32_t v;
      memcpy(&v, src + i * sizeof v, sizeof v);
      if (!float_finite(v)) {
        g.err_row = g.rows + (uint32_t)(i / g.n_sensors);
        g.err_col = (uint32_t)(i % g.n_sensors);
        return EDGESIGN_ERR_VALUE;
      }
    }
  }
  /* IN holds whole rows only, so a chunk never splits a row. */
  size_t per_chunk = (g.in_cap / esize) / g.n_sensors * g.n_sensors;
  if (per_chunk == 0) return EDGESIGN_ERR_FULL;
  GUARD();
  while (count > 0 && st == EDGESIGN_OK) {
    size_t n = count < per_chunk ? count : per_chunk;
    memcpy(mem() + g.in_ptr, src, n * esize);
    size_t done = 0;
    while (done < n) {
      s32 r = (s32)W(msgValues)(&g_inst, kind, (u32)done, (u32)(n - done));
      if (r < 0) { st = r == EDGESIGN_ABI_STATUS_FULL ? EDGESIGN_ERR_FULL : EDGESIGN_ERR_ARG; break; }
      done += (size_t)r;
      g.rows += (uint32_t)r / g.n_sensors;
      if (done < n) { /* OUT is full */
        size_t drained = 0;
        if (!g.sink) { st = EDGESIGN_ERR_FULL; break; }
        st = drain(&drained);
        if (st) break;
        if (r == 0 && drained == 0) { st = EDGESIGN_ERR_FULL; break; } /* no progress possible */
      }
    }
    src += n * esize;
    count -= n;
  }
  UNGUARD();
  if (st) g.state = ST_READY; /* written partly: the message is lost; the key stays */
  return st;
}

edgesign_status_t edgesign_add_f32(const float* values, size_t count) {
  return add_values(KIND_F32, values, count, sizeof(float));
}

edgesign_status_t edgesign_add_i16(const int16_t* values, size_t count) {
  return add_values(KIND_I16, values, count, sizeof(int16_t));
}

edgesign_status_t edgesign_flush(void) {
  edgesign_status_t st = enter(ST_MSG);
  if (st) return st;
  if (!g.sink) return EDGESIGN_ERR_STATE;
  GUARD();
  st = drain(NULL);
  UNGUARD();
  if (st) g.state = ST_READY;
  return st;
}

/* ---- finish --------------------------------------------------------------------------------- */

static void to_hex(const uint8_t* bin, char* hex) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    hex[2 * i] = digits[bin[i] >> 4];
    hex[2 * i + 1] = digits[bin[i] & 15];
  }
  hex[64] = 0;
}

edgesign_status_t edgesign_finish(edgesign_result_t* result) {
  edgesign_status_t st = enter(ST_MSG);
  if (st) return st;
  if (!result) return EDGESIGN_ERR_ARG;
  GUARD();
  s32 r = (s32)W(msgClose)(&g_inst);
  if (r == EDGESIGN_ABI_STATUS_FULL && g.sink) { /* OUT full: make room and try again */
    st = drain(NULL);
    if (st == EDGESIGN_OK) r = (s32)W(msgClose)(&g_inst);
  }
  if (st == EDGESIGN_OK && r < 0) st = r == EDGESIGN_ABI_STATUS_FULL ? EDGESIGN_ERR_FULL : EDGESIGN_ERR_ARG;
  size_t left = 0, sig = 0;
  if (st == EDGESIGN_OK) {
    left = W(msgFinish)(&g_inst);
    sig = W(sigOffset)(&g_inst);
    to_hex(mem() + g.digest_ptr, result->sig_hex);
    result->sig_offset = sig;
    if (g.sink) {
      /* msgFinish patched the placeholder only if it was still in OUT */
      result->sig_in_sink = sig + SIG_HEX_LEN <= g.emitted;
      result->data = NULL;
      if (left) {
        g.in_call = true;
        int rc = g.sink(g.user, mem() + g.out_ptr, left);
        g.in_call = false;
        g.emitted += left;
        if (rc) st = EDGESIGN_ERR_SINK;
      }
      result->len = g.emitted;
    } else {
      result->sig_in_sink = false;
      result->data = mem() + g.out_ptr;
      result->len = left;
    }
  }
  UNGUARD();
  g.state = ST_READY;
  return st;
}

/* ---- one-shot hashing helpers --------------------------------------------------------------- */

/* Feeds data through IN in window-sized pieces; the last piece goes to `finish`. Under GUARD. */
static void feed(const uint8_t* data, size_t len, void (*finish)(instance_t*, u32)) {
  while (len > g.in_cap) {
    memcpy(mem() + g.in_ptr, data, g.in_cap);
    W(hashUpdate)(&g_inst, g.in_cap);
    data += g.in_cap;
    len -= g.in_cap;
  }
  if (len) memcpy(mem() + g.in_ptr, data, len);
  finish(&g_inst, (u32)len);
}

static edgesign_status_t hash_helper(const uint8_t* key, size_t key_len, const uint8_t* data,
                                     size_t len, uint8_t out[32]) {
  edgesign_status_t st = enter(ST_ANY);
  if (st) return st;
  if ((!data && len) || !out || (key && key_len > g.in_cap) || (!key && key_len))
    return EDGESIGN_ERR_ARG;
  /* Save the active context (key midstates, a message in progress) and put it back afterwards. */
  uint8_t saved[MAX_CTX_SAVE];
  memcpy(saved, mem() + g.ctx_ptr, g.ctx_size);
  GUARD();
  if (key) {
    if (key_len) memcpy(mem() + g.in_ptr, key, key_len);
    W(hmacKey)(&g_inst, (u32)key_len);
    feed(data, len, W(hmacFinish));
  } else {
    W(sha256Init)(&g_inst);
    feed(data, len, W(sha256Finish));
  }
  memcpy(out, mem() + g.digest_ptr, 32);
  memcpy(mem() + g.ctx_ptr, saved, g.ctx_size);
  UNGUARD();
  return EDGESIGN_OK;
}

edgesign_status_t edgesign_sha256(const uint8_t* data, size_t len, uint8_t out[32]) {
  return hash_helper(NULL, 0, data, len, out);
}

edgesign_status_t edgesign_hmac_sha256(const uint8_t* key, size_t key_len, const uint8_t* data,
                                       size_t len, uint8_t out[32]) {
  if (!key) return EDGESIGN_ERR_ARG;
  return hash_helper(key, key_len, data, len, out);
}

#ifdef EDGESIGN_TEST_HOOKS
/* For the demo's trap test only: the module's active context, to corrupt it like a memory bug would. */
uint8_t* edgesign_test_context(size_t* size) {
  *size = g.ctx_size;
  return mem() + g.ctx_ptr;
}

/* For the demo's key-wipe test only: all of the module's memory, to search it for key bytes. */
const uint8_t* edgesign_test_memory(size_t* size) {
  *size = W(memory)(&g_inst)->size;
  return mem();
}
#endif

const char* edgesign_strerror(edgesign_status_t status) {
  switch (status) {
    case EDGESIGN_OK: return "ok";
    case EDGESIGN_ERR_FULL: return "does not fit in the module's window";
    case EDGESIGN_ERR_ARG: return "bad argument";
    case EDGESIGN_ERR_STATE: return "call out of order";
    case EDGESIGN_ERR_TRAP: return "the module trapped (re-instantiated; set the key again)";
    case EDGESIGN_ERR_ABI: return "module ABI or layout mismatch";
    case EDGESIGN_ERR_VALUE: return "non-finite value";
    case EDGESIGN_ERR_UTF8: return "string is not well-formed UTF-8";
    case EDGESIGN_ERR_KEY: return "bad key";
    case EDGESIGN_ERR_SINK: return "sink failed";
  }
  return "unknown status";
}
