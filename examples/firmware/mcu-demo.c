/*
 * mcu-demo.c: what the small boards run (`make boards`; README "Boards and builds").
 *
 * Signs, with the key of vector V1 and V1's header:
 *   - V1 itself (4 rows), which must come out byte for byte;
 *   - the 1-s window: 100 rows x 3 float32, V1's rows cycled (no iat, interval as a float), CBOR;
 *   - the 10-s window (1,000 rows), CBOR: a long recording costs the same RAM as a short one;
 *   - the 1-s window as JSON, when the module has the JSON writers.
 * Every message is streamed (no buffer of the message anywhere): the sink hands the bytes on and the
 * signature is patched afterwards, as in Edge Impulse's C SDK. Each message is signed twice:
 *   1. into a sink that only compares or counts, with the stack painted first: the stack peak of
 *      edgesign's part, printed as `ram <label> stack=<bytes>` (tools/ram-report.mjs adds the static
 *      RAM from the linked image);
 *   2. into a sink that prints the bytes as `piece <hex>` lines between `stream <enc> <label>` and
 *      `end <label> len=<n> sig_offset=<o> sig_in_sink=<0|1> sig=<hex>`, which test/firmware.test.ts
 *      reassembles, patches and verifies with node:crypto.
 * Then a corrupted context must trap (out of bounds of the backed memory) and be recovered from.
 * Ends with `N passed, M failed`; the exit status is the number of failures.
 */
#include <string.h>

#include "edgesign.h"
#include "platform.h"
#include "vectors.h"
#include "wasm-rt-mcu.h" /* WASM_RT_TRAP_OOB, and the module facts in wasm-rt-mcu-config.h */

#ifndef EDGESIGN_MODULE_HAS_JSON
#define EDGESIGN_MODULE_HAS_JSON 1
#endif

#define SIG_HEX 64

/* edgesign.c with EDGESIGN_TEST_HOOKS: the module's active context, to corrupt it like a bug would. */
uint8_t* edgesign_test_context(size_t* size);

/* ---- output (no stdio: newlib's printf would bring a heap) ---------------------------------- */

static void out(const char* s) { plat_write(s, strlen(s)); }

static void out_u32(uint32_t v) {
  char b[11];
  int i = 10;
  b[i] = 0;
  do {
    b[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  out(b + i);
}

static const char k_hex[] = "0123456789abcdef";

static void out_hex(const uint8_t* p, size_t n) {
  char b[64];
  while (n > 0) {
    size_t k = n < sizeof b / 2 ? n : sizeof b / 2;
    for (size_t i = 0; i < k; i++) {
      b[2 * i] = k_hex[p[i] >> 4];
      b[2 * i + 1] = k_hex[p[i] & 15];
    }
    plat_write(b, 2 * k);
    p += k;
    n -= k;
  }
}

static unsigned g_passed, g_failed;

static void check(bool ok, const char* what) {
  if (ok) g_passed++;
  else g_failed++;
  out(ok ? "ok   " : "FAIL ");
  out(what);
  out("\n");
}

/* ---- sinks ---------------------------------------------------------------------------------- */

/* Compares the streamed bytes with an expected message (hex) without keeping them. Where the
 * signature goes, the sink sees the 64 '0' placeholder: mismatches are recorded, and must all be
 * '0' bytes inside [sig_offset, sig_offset + 64) once the offset is known. */
typedef struct {
  const char* expect_hex; /* NULL: only count */
  size_t len;
  size_t bad_lo, bad_hi; /* first and last mismatching offset (bad_hi < bad_lo: none) */
  bool bad_not_zero;     /* a mismatching byte that is not the placeholder's '0' */
} compare_t;

static bool hex_byte_is(const char* h, uint8_t b) { return h[0] == k_hex[b >> 4] && h[1] == k_hex[b & 15]; }

static int compare_sink(void* user, const uint8_t* bytes, size_t n) {
  compare_t* c = (compare_t*)user;
  size_t expect_len = c->expect_hex ? strlen(c->expect_hex) / 2 : 0;
  for (size_t i = 0; i < n && c->expect_hex; i++) {
    size_t at = c->len + i;
    if (at < expect_len && hex_byte_is(c->expect_hex + 2 * at, bytes[i])) continue;
    if (c->bad_hi < c->bad_lo) c->bad_lo = at;
    c->bad_hi = at;
    if (bytes[i] != '0' || at >= expect_len) c->bad_not_zero = true;
  }
  c->len += n;
  return 0;
}

/* The streamed bytes, with the placeholder patched, are exactly the expected message. */
static bool compare_ok(const compare_t* c, const edgesign_result_t* r) {
  if (2 * c->len != strlen(c->expect_hex) || c->bad_not_zero) return false;
  if (c->bad_hi >= c->bad_lo && (c->bad_lo < r->sig_offset || c->bad_hi >= r->sig_offset + SIG_HEX))
    return false;
  for (size_t i = 0; i < SIG_HEX; i++)
    if (!hex_byte_is(c->expect_hex + 2 * (r->sig_offset + i), (uint8_t)r->sig_hex[i])) return false;
  /* Handed out before the end: the sink had the placeholder and the caller patches it. Otherwise the
   * module patched it before handing the bytes out, and no byte may differ. */
  return r->sig_in_sink || c->bad_hi < c->bad_lo;
}

static int print_sink(void* user, const uint8_t* bytes, size_t n) {
  (void)user;
  out("piece ");
  out_hex(bytes, n);
  out("\n");
  return 0;
}

#ifdef MCU_DEMO_BENCH
/* `make board-bench-<board>`: QEMU runs with -icount shift=0 (a fixed number of instructions per
 * SysTick tick, whatever the board's clock); the Makefile turns ticks into instructions with the
 * calibration line (a loop of exactly 2,000,000 instructions). Instruction counts, not cycles. */
static void report_ticks(const char* what, uint64_t ticks) {
  out("time ");
  out(what);
  out(" ");
  out_u32((uint32_t)ticks);
  out("\n");
}
#endif

/* ---- one message ---------------------------------------------------------------------------- */

/* Streams V1's header with `rows` rows of V1's values cycled (flash-resident: no sample buffer). */
static edgesign_status_t sign(edgesign_encoding_t enc, uint32_t rows, edgesign_sink_t sink, void* user,
                              edgesign_result_t* r) {
  const vec_t* v = &vectors[0];
  edgesign_header_t h = v->header;
  h.encoding = enc;
  h.interval_as_float = enc == EDGESIGN_CBOR;
  uint32_t per = v->n_values / h.n_sensors;
  edgesign_status_t st = edgesign_begin_stream(&h, sink, user);
  for (uint32_t done = 0; st == EDGESIGN_OK && done < rows; done += per) {
    uint32_t n = rows - done < per ? rows - done : per;
    st = edgesign_add_f32(v->values, n * h.n_sensors);
  }
  if (st == EDGESIGN_OK) st = edgesign_finish(r);
  return st;
}

static void run_case(const char* label, edgesign_encoding_t enc, uint32_t rows, const char* expect_hex) {
  const char* enc_name = enc == EDGESIGN_CBOR ? "cbor" : "json";
  edgesign_result_t r1, r2;

  /* 1. measured: stack painted below this frame, a sink that only compares. */
  compare_t c = {expect_hex, 0, 1, 0, false};
  plat_stack_paint();
#ifdef MCU_DEMO_BENCH
  uint64_t t0 = plat_timer_ticks();
#endif
  edgesign_status_t st = sign(enc, rows, compare_sink, &c, &r1);
#ifdef MCU_DEMO_BENCH
  report_ticks(label, plat_timer_ticks() - t0);
#endif
  uint32_t stack = plat_stack_peak();
  check(st == EDGESIGN_OK && r1.len == c.len, label);
  if (expect_hex)
    check(st == EDGESIGN_OK && compare_ok(&c, &r1), "  byte for byte, the placeholder patched with the signature");
  out("ram ");
  out(label);
  out(" stack=");
  out_u32(stack);
  out("\n");

  /* 2. printed, for verification outside. */
  out("stream ");
  out(enc_name);
  out(" ");
  out(label);
  out("\n");
  st = sign(enc, rows, print_sink, NULL, &r2);
  out("end ");
  out(label);
  out(" len=");
  out_u32((uint32_t)r2.len);
  out(" sig_offset=");
  out_u32((uint32_t)r2.sig_offset);
  out(" sig_in_sink=");
  out(r2.sig_in_sink ? "1" : "0");
  out(" sig=");
  out(r2.sig_hex);
  out("\n");
  check(st == EDGESIGN_OK && r2.len == r1.len && strcmp(r1.sig_hex, r2.sig_hex) == 0,
        "  signed again for the host: same length and signature");
}

int main(void) {
  out("mcu-demo: ");
  out(EDGESIGN_MODULE_HAS_JSON ? "JSON and CBOR" : "CBOR only");
  out(", backed memory ");
  out_u32(WASM_MCU_POOL_BYTES);
  out(" bytes\n");
#ifdef MCU_DEMO_BENCH
  plat_timer_start();
  uint64_t t0 = plat_timer_ticks();
  plat_spin(1000000);
  report_ticks("calibration-2M-instructions", plat_timer_ticks() - t0);
#endif
  check(edgesign_init() == EDGESIGN_OK, "edgesign_init: the module fits the backed memory");
  check(edgesign_set_key((const uint8_t*)VEC_KEY, strlen(VEC_KEY), 0) == EDGESIGN_OK, "set V1's key");

  run_case("V1", EDGESIGN_CBOR, vectors[0].n_values / 3, vectors[0].hex);
  run_case("window-1s-cbor", EDGESIGN_CBOR, 100, NULL);
  run_case("window-10s-cbor", EDGESIGN_CBOR, 1000, NULL);
#if EDGESIGN_MODULE_HAS_JSON
  run_case("window-1s-json", EDGESIGN_JSON, 100, NULL);
#else
  edgesign_result_t r;
  check(sign(EDGESIGN_JSON, 1, print_sink, NULL, &r) == EDGESIGN_ERR_ARG,
        "JSON is refused cleanly by a CBOR-only module");
#endif

  /* Past the backed memory: a corrupted context (the pending OUT length becomes 4 GiB) makes the
   * module read beyond the pool; that must trap, not touch the RAM next to it. */
  edgesign_result_t t;
  compare_t c = {NULL, 0, 1, 0, false};
  edgesign_header_t h = vectors[0].header;
  check(edgesign_begin_stream(&h, compare_sink, &c) == EDGESIGN_OK, "begin a message");
  size_t n;
  uint8_t* ctx = edgesign_test_context(&n);
  memset(ctx, 0xff, n);
  check(edgesign_flush() == EDGESIGN_ERR_TRAP && edgesign_last_trap() == WASM_RT_TRAP_OOB,
        "an access past the backed memory traps (out of bounds)");
  check(edgesign_set_key((const uint8_t*)VEC_KEY, strlen(VEC_KEY), 0) == EDGESIGN_OK &&
            sign(EDGESIGN_CBOR, 4, compare_sink, &c, &t) == EDGESIGN_OK,
        "re-instantiated: signs again");

  out_u32(g_passed);
  out(" passed, ");
  out_u32(g_failed);
  out(" failed\n");
  return (int)g_failed;
}
