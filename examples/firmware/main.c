/*
 * The firmware demo and self-test: signs messages with the C API (edgesign.h) and prints each one as
 *   signed <json|cbor> <hex>
 * so that a test on the host can verify it independently (test/firmware.test.ts), then
 *   N passed, M failed
 * and exits non-zero on any failure. The same file is built for the host (gcc) and for the
 * Cortex-M3 image (QEMU mps2-an385); only platform.h differs.
 *
 * All messages use the key of vector V1. vectors.h is generated at build time from the shared
 * vectors file (tools/gen-vectors.mjs).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "edgesign.h"
#include "platform.h"
#include "vectors.h"
#include "wasm-rt.h" /* WASM_RT_TRAP_* */

/* ---- output without stdio (no heap: newlib's printf would malloc its buffers) ---------------- */

static char g_line[256];
static size_t g_line_len;

static void out_flush(void) {
  plat_write(g_line, g_line_len);
  g_line_len = 0;
}
static void out_char(char c) {
  if (g_line_len == sizeof g_line) out_flush();
  g_line[g_line_len++] = c;
  if (c == '\n') out_flush();
}
static void out_str(const char* s) {
  while (*s) out_char(*s++);
}
static void out_u64(uint64_t v) {
  char b[21];
  int i = 20;
  b[i] = 0;
  do {
    b[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  out_str(b + i);
}
static void out_i64(int64_t v) {
  if (v < 0) {
    out_char('-');
    out_u64((uint64_t)0 - (uint64_t)v);
  } else {
    out_u64((uint64_t)v);
  }
}
static void out_hex(const uint8_t* p, size_t n) {
  static const char d[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out_char(d[p[i] >> 4]);
    out_char(d[p[i] & 15]);
  }
}

/* ---- checks --------------------------------------------------------------------------------- */

static unsigned g_passed, g_failed;

static bool check(bool ok, const char* what) {
  if (ok) {
    g_passed++;
    out_str("ok   ");
  } else {
    g_failed++;
    out_str("FAIL ");
  }
  out_str(what);
  out_char('\n');
  return ok;
}

static bool check_status(edgesign_status_t got, edgesign_status_t want, const char* what) {
  if (got == want) return check(true, what);
  check(false, what);
  out_str("     got ");
  out_i64(got);
  out_str(" (");
  out_str(edgesign_strerror(got));
  out_str("), want ");
  out_i64(want);
  out_char('\n');
  return false;
}

static void print_signed(edgesign_encoding_t enc, const uint8_t* p, size_t n) {
  out_str(enc == EDGESIGN_CBOR ? "signed cbor " : "signed json ");
  out_hex(p, n);
  out_char('\n');
}

static bool hex_equals(const uint8_t* p, size_t n, const char* hex) {
  static const char d[] = "0123456789abcdef";
  if (strlen(hex) != 2 * n) return false;
  for (size_t i = 0; i < n; i++)
    if (hex[2 * i] != d[p[i] >> 4] || hex[2 * i + 1] != d[p[i] & 15]) return false;
  return true;
}

static void set_key(void) {
  check_status(edgesign_set_key((const uint8_t*)VEC_KEY, strlen(VEC_KEY), 0), EDGESIGN_OK,
               "set the key of vector V1 (32 ASCII bytes)");
}

/* ---- a message store standing in for flash / a file: streamed bytes land here -------------- */

#define STORE_CAP (128u * 1024u)
static struct {
  uint8_t buf[STORE_CAP];
  size_t len;
  unsigned pieces;
  int fail_after; /* > 0: the sink reports an error at this piece */
} g_store;

static int store_sink(void* user, const uint8_t* bytes, size_t len) {
  (void)user;
  g_store.pieces++;
  if (g_store.fail_after && (int)g_store.pieces >= g_store.fail_after) return 1;
  if (len > STORE_CAP - g_store.len) return 1;
  memcpy(g_store.buf + g_store.len, bytes, len);
  g_store.len += len;
  return 0;
}

static void store_reset(void) {
  g_store.len = 0;
  g_store.pieces = 0;
  g_store.fail_after = 0;
}

/* Checks a signed message with the helper API: HMAC over the bytes with the placeholder restored
 * must equal the signature in it. (The independent check is the host test, with node:crypto.) */
static bool signature_consistent(uint8_t* msg, size_t len, size_t sig_offset) {
  if (sig_offset + 64 > len) return false;
  char sig[65];
  memcpy(sig, msg + sig_offset, 64);
  sig[64] = 0;
  memset(msg + sig_offset, '0', 64);
  uint8_t tag[32];
  edgesign_status_t st =
      edgesign_hmac_sha256((const uint8_t*)VEC_KEY, strlen(VEC_KEY), msg, len, tag);
  memcpy(msg + sig_offset, sig, 64);
  return st == EDGESIGN_OK && hex_equals(tag, 32, sig);
}

/* ---- (a), (b), V2: the published/derived vectors, byte for byte ----------------------------- */

static void test_vectors(void) {
  for (size_t i = 0; i < N_VECTORS; i++) {
    const vec_t* v = &vectors[i];
    edgesign_result_t r;
    edgesign_status_t st = edgesign_begin(&v->header);
    if (st == EDGESIGN_OK) st = edgesign_add_f32(v->values, v->n_values);
    if (st == EDGESIGN_OK) st = edgesign_finish(&r);
    out_str("     vector ");
    out_str(v->id);
    out_char('\n');
    if (!check_status(st, EDGESIGN_OK, "sign the vector's inputs")) continue;
    print_signed(v->header.encoding, r.data, r.len);
    check(hex_equals(r.data, r.len, v->hex), "bytes equal the vector byte for byte");
    check(memcmp(r.data + r.sig_offset, r.sig_hex, 64) == 0, "sig_offset/sig_hex point at the tag");
  }
}

/* ---- (c) one second of a 3-axis accelerometer at 100 Hz ------------------------------------- */

#define ACC_HZ 100u
static const edgesign_sensor_t acc_sensors[] = {
    {"accX", "m/s2"}, {"accY", "m/s2"}, {"accZ", "m/s2"}};

/* Deterministic test signal: a triangle wave per axis plus a little pseudo-random noise. */
static uint32_t g_lcg = 12345;
static float noise(void) {
  g_lcg = g_lcg * 1664525u + 1013904223u;
  return (float)((int32_t)(g_lcg >> 16) % 200 - 100) / 1000.0f;
}
static float tri(uint32_t t, uint32_t period, float amp) {
  uint32_t ph = t % period;
  float x = (float)(ph < period / 2 ? ph : period - ph) / (float)(period / 2); /* 0..1..0 */
  return amp * (2.0f * x - 1.0f);
}
static void acc_window_f32(float* out, uint32_t rows, uint32_t t0) {
  for (uint32_t i = 0; i < rows; i++) {
    uint32_t t = t0 + i;
    out[3 * i + 0] = tri(t, 50, 2.5f) + noise();
    out[3 * i + 1] = tri(t + 13, 80, 1.2f) + noise();
    out[3 * i + 2] = 9.81f + tri(t, 20, 0.4f) + noise();
  }
}
/* int16 raw counts of a ±2 g accelerometer (16384 counts/g). */
static void acc_window_i16(int16_t* out, uint32_t rows, uint32_t t0) {
  for (uint32_t i = 0; i < rows; i++) {
    uint32_t t = t0 + i;
    out[3 * i + 0] = (int16_t)(tri(t, 50, 4000.0f) + 100.0f * noise());
    out[3 * i + 1] = (int16_t)(tri(t + 13, 80, 2000.0f) + 100.0f * noise());
    out[3 * i + 2] = (int16_t)(16384.0f + tri(t, 20, 600.0f) + 100.0f * noise());
  }
  out[0] = INT16_MIN; /* the extremes, for the encoders */
  out[1] = INT16_MAX;
}

static float g_acc_f32[3 * ACC_HZ];
static int16_t g_acc_i16[3 * ACC_HZ];

static void test_accelerometer_window(void) {
  acc_window_f32(g_acc_f32, ACC_HZ, 0);
  acc_window_i16(g_acc_i16, ACC_HZ, 0);
  edgesign_header_t h = {.encoding = EDGESIGN_CBOR, .device_name = "00:11:22:33:44:55",
                         .device_type = "EDGESIGN_CORTEX_M3", .interval_ms = 1000.0 / ACC_HZ,
                         .sensors = acc_sensors, .n_sensors = 3, .has_iat = true,
                         .iat = 1764288000u};
  for (int enc = 0; enc < 2; enc++) {
    for (int kind = 0; kind < 2; kind++) {
      h.encoding = enc ? EDGESIGN_CBOR : EDGESIGN_JSON;
      edgesign_result_t r;
      edgesign_status_t st = edgesign_begin(&h);
      if (st == EDGESIGN_OK)
        st = kind ? edgesign_add_i16(g_acc_i16, 3 * ACC_HZ) : edgesign_add_f32(g_acc_f32, 3 * ACC_HZ);
      if (st == EDGESIGN_OK) st = edgesign_finish(&r);
      out_str(enc ? "     cbor" : "     json");
      out_str(kind ? " int16 counts\n" : " float32 m/s2\n");
      if (!check_status(st, EDGESIGN_OK, "sign 1 s of 3-axis 100 Hz accelerometer data")) continue;
      print_signed(h.encoding, r.data, r.len);
      /* The same message streamed in pieces of ~10 rows must give the same bytes. */
      static uint8_t copy[16384];
      size_t n = r.len < sizeof copy ? r.len : sizeof copy;
      memcpy(copy, r.data, n);
      store_reset();
      edgesign_result_t s;
      st = edgesign_begin_stream(&h, store_sink, NULL);
      for (uint32_t row = 0; st == EDGESIGN_OK && row < ACC_HZ; row += 10) {
        st = kind ? edgesign_add_i16(g_acc_i16 + 3 * row, 30) : edgesign_add_f32(g_acc_f32 + 3 * row, 30);
        if (st == EDGESIGN_OK) st = edgesign_flush();
      }
      if (st == EDGESIGN_OK) st = edgesign_finish(&s);
      if (st == EDGESIGN_OK && s.sig_in_sink) memcpy(g_store.buf + s.sig_offset, s.sig_hex, 64);
      check(st == EDGESIGN_OK && s.len == n && g_store.len == n && memcmp(g_store.buf, copy, n) == 0 &&
                s.sig_in_sink && s.sig_offset == r.sig_offset && g_store.pieces >= 10,
            "streamed in 10-row pieces equals one-shot");
    }
  }
}

/* ---- (d) a long recording streamed in several pieces ---------------------------------------- */

static void test_streamed(void) {
  const uint32_t seconds = 60;
  edgesign_header_t h = {.encoding = EDGESIGN_JSON, .device_name = "00:11:22:33:44:55",
                         .device_type = "EDGESIGN_CORTEX_M3", .interval_ms = 1000.0 / ACC_HZ,
                         .sensors = acc_sensors, .n_sensors = 3, .has_iat = true,
                         .iat = 1764288000u};
  edgesign_result_t r;
  store_reset();
  edgesign_status_t st = edgesign_begin_stream(&h, store_sink, NULL);
  for (uint32_t s = 0; st == EDGESIGN_OK && s < seconds; s++) {
    acc_window_i16(g_acc_i16, ACC_HZ, s * ACC_HZ); /* "read the sensor FIFO" one second at a time */
    st = edgesign_add_i16(g_acc_i16, 3 * ACC_HZ);
  }
  if (st == EDGESIGN_OK) st = edgesign_finish(&r);
  if (!check_status(st, EDGESIGN_OK, "stream 60 s of 3-axis 100 Hz int16 data (JSON)")) return;
  check(r.sig_in_sink, "placeholder went out first; patch reported");
  memcpy(g_store.buf + r.sig_offset, r.sig_hex, 64); /* "seek back and write the signature" */
  print_signed(h.encoding, g_store.buf, g_store.len);
  check(r.len == g_store.len && r.len > 3 * edgesign_out_capacity() && g_store.pieces >= 4,
        "over 3x the OUT window, handed out in 4+ pieces");
  check(signature_consistent(g_store.buf, g_store.len, r.sig_offset), "signature over the placeholder bytes");
  out_str("     streamed ");
  out_u64(r.len);
  out_str(" bytes in ");
  out_u64(g_store.pieces);
  out_str(" pieces (OUT window ");
  out_u64(edgesign_out_capacity());
  out_str(" bytes)\n");

  /* The same as CBOR, one sensor (flat values), with the signature still inside the first piece's
   * window because we flush nothing before finish: then the module patches it itself. */
  static const edgesign_sensor_t mic[] = {{"audio", "wav"}};
  edgesign_header_t a = {.encoding = EDGESIGN_CBOR, .device_type = "EDGESIGN_CORTEX_M3",
                         .interval_ms = 0.0625, .sensors = mic, .n_sensors = 1};
  store_reset();
  st = edgesign_begin_stream(&a, store_sink, NULL);
  for (uint32_t s = 0; st == EDGESIGN_OK && s < 4; s++) {
    acc_window_i16(g_acc_i16, ACC_HZ, s * ACC_HZ);
    st = edgesign_add_i16(g_acc_i16, 3 * ACC_HZ);
  }
  if (st == EDGESIGN_OK) st = edgesign_finish(&r);
  if (!check_status(st, EDGESIGN_OK, "stream 1200 int16 samples of one sensor (CBOR, 16 kHz)")) return;
  check(!r.sig_in_sink && g_store.pieces == 1 && memcmp(g_store.buf + r.sig_offset, r.sig_hex, 64) == 0,
        "signature patched by the module when the placeholder never left OUT");
  print_signed(a.encoding, g_store.buf, g_store.len);
}

/* ---- hashing helpers (checked on the host against node:crypto via the printed lines) -------- */

static void pattern(uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(i * 31u + 7u);
}

static void test_helpers(void) {
  static const size_t sizes[] = {0, 3, 64, 1000, 40000};
  uint8_t* data = g_store.buf; /* scratch */
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    uint8_t d[32], t[32];
    pattern(data, sizes[i]);
    edgesign_status_t a = edgesign_sha256(data, sizes[i], d);
    edgesign_status_t b =
        edgesign_hmac_sha256((const uint8_t*)VEC_KEY, strlen(VEC_KEY), data, sizes[i], t);
    if (!check(a == EDGESIGN_OK && b == EDGESIGN_OK, "sha256 and hmac-sha256 helpers")) continue;
    /* "hash <n> <sha256> <hmac>": the host recomputes both over pattern(n) */
    out_str("hash ");
    out_u64(sizes[i]);
    out_char(' ');
    out_hex(d, 32);
    out_char(' ');
    out_hex(t, 32);
    out_char('\n');
  }
  /* A helper in the middle of a one-shot message must not disturb it (the context is saved). */
  const vec_t* v = &vectors[0];
  edgesign_result_t r;
  uint8_t d[32];
  edgesign_status_t st = edgesign_begin(&v->header);
  if (st == EDGESIGN_OK) st = edgesign_add_f32(v->values, 6);
  if (st == EDGESIGN_OK) st = edgesign_hmac_sha256((const uint8_t*)"other key", 9, data, 100, d);
  if (st == EDGESIGN_OK) st = edgesign_add_f32(v->values + 6, v->n_values - 6);
  if (st == EDGESIGN_OK) st = edgesign_finish(&r);
  check(st == EDGESIGN_OK && hex_equals(r.data, r.len, v->hex),
        "a helper call in the middle of a message leaves it intact (V1 still exact)");
}

/* ---- errors --------------------------------------------------------------------------------- */

static void test_errors(void) {
  static const edgesign_sensor_t one[] = {{"x", "u"}};
  edgesign_header_t h = {.encoding = EDGESIGN_JSON, .device_type = "T", .interval_ms = 10,
                         .sensors = one, .n_sensors = 1};
  edgesign_result_t r;
  float f[4] = {1, 2, 3, 4};

  check_status(edgesign_add_f32(f, 1), EDGESIGN_ERR_STATE, "add before begin is refused");
  check_status(edgesign_finish(&r), EDGESIGN_ERR_STATE, "finish before begin is refused");
  check_status(edgesign_set_key((const uint8_t*)"short", 5, 0), EDGESIGN_ERR_KEY,
               "keys under 32 bytes need EDGESIGN_KEY_ALLOW_SHORT");
  check_status(edgesign_set_key((const uint8_t*)"", 0, EDGESIGN_KEY_ALLOW_SHORT), EDGESIGN_ERR_KEY,
               "an empty key is refused");

  h.interval_ms = 0;
  check_status(edgesign_begin(&h), EDGESIGN_ERR_ARG, "interval_ms 0 is refused");
  h.interval_ms = 10;
  h.has_iat = true;
  h.iat = UINT64_C(1) << 53;
  check_status(edgesign_begin(&h), EDGESIGN_ERR_ARG, "iat >= 2^53 is refused");
  h.has_iat = false;
  h.interval_as_float = true;
  check_status(edgesign_begin(&h), EDGESIGN_ERR_ARG, "interval_as_float is CBOR only");
  h.interval_as_float = false;
  h.device_type = "bad \xC0\xAF utf-8";
  check_status(edgesign_begin(&h), EDGESIGN_ERR_UTF8, "malformed UTF-8 (overlong) is refused");
  h.device_type = "\xED\xA0\x80";
  check_status(edgesign_begin(&h), EDGESIGN_ERR_UTF8, "a UTF-8-encoded surrogate is refused");
  h.device_type = "caf\xC3\xA9 \xF0\x9F\x98\x80";
  check_status(edgesign_begin(&h), EDGESIGN_OK, "well-formed non-ASCII UTF-8 is accepted");
  check_status(edgesign_begin(&h), EDGESIGN_ERR_STATE, "begin during a message is refused");
  check_status(edgesign_set_key((const uint8_t*)VEC_KEY, 32, 0), EDGESIGN_ERR_STATE,
               "set_key during a message is refused");
  check_status(edgesign_flush(), EDGESIGN_ERR_STATE, "flush of a one-shot message is refused");
  f[2] = 0.0f / 0.0f;
  f[2] = -f[2] * 0.0f + f[2]; /* NaN without a compile-time constant warning */
  check_status(edgesign_add_f32(f, 4), EDGESIGN_ERR_VALUE, "NaN is refused");
  check(edgesign_error_row() == 2 && edgesign_error_col() == 0, "with its row and column");
  /* A refused call writes nothing: the message goes on and equals one without the refused call. */
  float ok_rows[2] = {1.5f, -2.25f};
  edgesign_result_t r1, r2;
  edgesign_status_t st = edgesign_add_f32(ok_rows, 2);
  if (st == EDGESIGN_OK) st = edgesign_finish(&r1);
  static uint8_t first[512];
  size_t first_len = st == EDGESIGN_OK && r1.len <= sizeof first ? r1.len : 0;
  if (first_len) memcpy(first, r1.data, first_len);
  if (st == EDGESIGN_OK) st = edgesign_begin(&h);
  if (st == EDGESIGN_OK) st = edgesign_add_f32(ok_rows, 2);
  if (st == EDGESIGN_OK) st = edgesign_finish(&r2);
  check(st == EDGESIGN_OK && first_len && r2.len == first_len && memcmp(r2.data, first, first_len) == 0,
        "a refused add writes nothing; the message goes on");

  static const edgesign_sensor_t three[] = {{"a", "u"}, {"b", "u"}, {"c", "u"}};
  h.sensors = three;
  h.n_sensors = 3;
  h.device_type = "T";
  check_status(edgesign_begin(&h), EDGESIGN_OK, "begin (3 sensors)");
  check_status(edgesign_add_f32(f, 2), EDGESIGN_ERR_ARG, "a count that is not whole rows is refused");
  f[2] = 1.0f / (f[0] - 1.0f); /* +inf */
  float g6[6] = {1, 2, 3, 4, 5, 6};
  check_status(edgesign_add_f32(g6, 6), EDGESIGN_OK, "two good rows");
  check_status(edgesign_add_f32(f, 3), EDGESIGN_ERR_VALUE, "infinity is refused");
  check(edgesign_error_row() == 2 && edgesign_error_col() == 2, "with its row (counted from the start) and column");
  edgesign_abort();
  check_status(edgesign_add_f32(g6, 3), EDGESIGN_ERR_STATE, "edgesign_abort ends the message");

  /* One-shot messages must fit the OUT window; the stream form has no limit. */
  check_status(edgesign_begin(&h), EDGESIGN_OK, "begin a one-shot message");
  st = EDGESIGN_OK;
  for (uint32_t s = 0; st == EDGESIGN_OK && s < 200; s++) {
    acc_window_i16(g_acc_i16, ACC_HZ, s * ACC_HZ);
    st = edgesign_add_i16(g_acc_i16, 3 * ACC_HZ);
  }
  check_status(st, EDGESIGN_ERR_FULL, "a one-shot message larger than the OUT window fails cleanly");
  check_status(edgesign_add_i16(g_acc_i16, 3), EDGESIGN_ERR_STATE, "and is abandoned");

  store_reset();
  g_store.fail_after = 2;
  st = edgesign_begin_stream(&h, store_sink, NULL);
  for (uint32_t s = 0; st == EDGESIGN_OK && s < 200; s++) {
    acc_window_i16(g_acc_i16, ACC_HZ, s * ACC_HZ);
    st = edgesign_add_i16(g_acc_i16, 3 * ACC_HZ);
    if (st == EDGESIGN_OK) st = edgesign_flush();
  }
  check_status(st, EDGESIGN_ERR_SINK, "a failing sink abandons the message");
  check_status(edgesign_flush(), EDGESIGN_ERR_STATE, "and the message is over");

  /* After all that, the key still signs V1 exactly. */
  const vec_t* v = &vectors[0];
  st = edgesign_begin(&v->header);
  if (st == EDGESIGN_OK) st = edgesign_add_f32(v->values, v->n_values);
  if (st == EDGESIGN_OK) st = edgesign_finish(&r);
  check(st == EDGESIGN_OK && hex_equals(r.data, r.len, v->hex), "V1 still exact after the errors");
}

/* ---- a trap inside the module is contained ---------------------------------------------------- */

#ifdef EDGESIGN_TEST_HOOKS
uint8_t* edgesign_test_context(size_t* size);
const uint8_t* edgesign_test_memory(size_t* size);

/* True when some 16 consecutive bytes of `key` appear anywhere in the module's memory. */
static bool key_in_memory(const uint8_t* key, size_t len) {
  size_t size;
  const uint8_t* m = edgesign_test_memory(&size);
  for (size_t i = 0; i + 16 <= len; i++)
    for (size_t j = 0; j + 16 <= size; j++)
      if (m[j] == key[i] && memcmp(m + j, key + i, 16) == 0) return true;
  return false;
}

/* Keys are secrets: after keying, neither the C API's copy in the IN window nor the core's key block
 * or partial-block buffer may still hold them (docs/abi.md, hmacKey), for a block-sized key and for a
 * longer one the core hashes first (RFC 2104 §3). */
static void test_key_wipe(void) {
  static uint8_t key[100];
  for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(i * 97 + 13);
  check_status(edgesign_set_key(key, 64, 0), EDGESIGN_OK, "set a 64-byte key");
  check(!key_in_memory(key, 64), "no 16 bytes of the 64-byte key are left in the module's memory");
  check_status(edgesign_set_key(key, sizeof key, 0), EDGESIGN_OK, "set a 100-byte key (hashed by the core)");
  check(!key_in_memory(key, sizeof key), "no 16 bytes of the 100-byte key are left in the module's memory");
  size_t n;
  uint8_t* ctx = edgesign_test_context(&n);
  memcpy(ctx, key + 50, 32); /* the search does find key bytes that are there */
  check(key_in_memory(key, sizeof key), "the search finds key bytes placed in memory");
  memset(ctx, 0, n);
  set_key(); /* keys the context again */
}

static void test_trap(void) {
  /* Corrupt the whole active context (0xff everywhere: the pending OUT length becomes 4 GiB), then
   * make the module use it: msgDrain reads past the end of its memory and traps. */
  static const edgesign_sensor_t one[] = {{"x", "u"}};
  edgesign_header_t h = {.encoding = EDGESIGN_CBOR, .device_type = "T", .interval_ms = 1,
                         .sensors = one, .n_sensors = 1};
  store_reset();
  check_status(edgesign_begin_stream(&h, store_sink, NULL), EDGESIGN_OK, "begin a streamed message");
  size_t n;
  uint8_t* ctx = edgesign_test_context(&n);
  memset(ctx, 0xff, n);
  check_status(edgesign_flush(), EDGESIGN_ERR_TRAP, "a trap in the module returns EDGESIGN_ERR_TRAP");
  check(edgesign_last_trap() == WASM_RT_TRAP_OOB, "reported as an out-of-bounds access");
  check_status(edgesign_begin(&h), EDGESIGN_ERR_STATE, "the instance was rebuilt: the key is gone");
  set_key();
  const vec_t* v = &vectors[0];
  edgesign_result_t r;
  edgesign_status_t st = edgesign_begin(&v->header);
  if (st == EDGESIGN_OK) st = edgesign_add_f32(v->values, v->n_values);
  if (st == EDGESIGN_OK) st = edgesign_finish(&r);
  check(st == EDGESIGN_OK && hex_equals(r.data, r.len, v->hex), "and V1 is exact again after the trap");
}
#endif

/* ---- timing (informative; QEMU is not cycle-accurate) --------------------------------------- */

static void report_timing(const char* what, uint64_t ticks, uint64_t bytes) {
  out_str("time ");
  out_str(what);
  out_char(' ');
  out_u64(ticks);
  out_str(" ticks ");
  out_u64(bytes);
  out_str(" bytes\n");
}

static void bench(void) {
  uint8_t d[32];
  pattern(g_store.buf, 16384);
  plat_timer_start();
  uint64_t t0 = plat_timer_ticks();
  plat_spin(1000000);
  report_timing("calibration-2M-instructions", plat_timer_ticks() - t0, 0);
  t0 = plat_timer_ticks();
  edgesign_hmac_sha256((const uint8_t*)VEC_KEY, 32, g_store.buf, 32, d);
  report_timing("hmac-32B", plat_timer_ticks() - t0, 32);
  t0 = plat_timer_ticks();
  for (int i = 0; i < 4; i++) edgesign_sha256(g_store.buf, 16384, d);
  report_timing("sha256", plat_timer_ticks() - t0, 4 * 16384);

  edgesign_header_t h = {.encoding = EDGESIGN_CBOR, .device_type = "T", .interval_ms = 10,
                         .sensors = acc_sensors, .n_sensors = 3};
  edgesign_result_t r;
  acc_window_f32(g_acc_f32, ACC_HZ, 0);
  for (int enc = 0; enc < 2; enc++) {
    h.encoding = enc ? EDGESIGN_CBOR : EDGESIGN_JSON;
    t0 = plat_timer_ticks();
    size_t total = 0;
    for (int i = 0; i < 4; i++) {
      edgesign_begin(&h);
      edgesign_add_f32(g_acc_f32, 3 * ACC_HZ);
      edgesign_finish(&r);
      total += r.len;
    }
    report_timing(enc ? "sign-cbor-f32-1s" : "sign-json-f32-1s", plat_timer_ticks() - t0, total);
  }
}

int main(void) {
  check_status(edgesign_init(), EDGESIGN_OK, "instantiate the module (ABI version, layout)");
  check_status(edgesign_begin(&vectors[0].header), EDGESIGN_ERR_STATE, "begin without a key is refused");
  set_key();
  test_vectors();
  test_accelerometer_window();
  test_streamed();
  test_helpers();
  test_errors();
#ifdef EDGESIGN_TEST_HOOKS
  test_key_wipe();
  test_trap();
#endif
#ifdef EDGESIGN_BENCH
  bench();
#else
  (void)bench;
#endif
  uint32_t stack = plat_stack_used();
  if (stack) {
    out_str("info stack-used ");
    out_u64(stack);
    out_str(" bytes\n");
  }
  out_u64(g_passed);
  out_str(" passed, ");
  out_u64(g_failed);
  out_str(" failed\n");
  out_flush();
  return g_failed ? 1 : 0;
}
