/*
 * bench-host.c: what `make bench-host` counts (tools/bench-host.mjs runs it under callgrind).
 * Builds and signs the windows: V1's header, CBOR, no iat, interval_ms as a float (C SDK
 * style), 100 (1 s) or 1,000 (10 s) rows of 3 float32 = V1's rows cycled, streamed into a buffer with
 * the signature patched in, as Edge Impulse's C SDK writes its file. Each window is signed once to
 * warm up; the second call runs inside bench_measured_1s / _10s, the functions callgrind counts.
 * The key is set once: the keyed midstates stay between messages.
 */
#include <stdio.h>
#include <string.h>

#include "edgesign.h"
#include "vectors.h"

#define MAX_ROWS 1000
static float g_rows[MAX_ROWS * 3];
static uint8_t g_msg[32768];
static size_t g_len;
static edgesign_result_t g_result;

static int to_buffer(void* user, const uint8_t* bytes, size_t n) {
  (void)user;
  if (g_len + n > sizeof g_msg) return 1;
  memcpy(g_msg + g_len, bytes, n);
  g_len += n;
  return 0;
}

static int sign_window(uint32_t rows) {
  edgesign_header_t h = vectors[0].header; /* V1: CBOR, device name, no iat, float interval */
  g_len = 0;
  if (edgesign_begin_stream(&h, to_buffer, NULL) || edgesign_add_f32(g_rows, rows * 3) ||
      edgesign_finish(&g_result))
    return 1;
  if (g_result.sig_in_sink) memcpy(g_msg + g_result.sig_offset, g_result.sig_hex, 64);
  return 0;
}

__attribute__((noinline)) int bench_measured_1s(void) { return sign_window(100); }
__attribute__((noinline)) int bench_measured_10s(void) { return sign_window(1000); }

static int report(const char* what, int st) {
  printf("%s status=%d len=%zu sig=%s\n", what, st, g_len, g_result.sig_hex);
  return st;
}

int main(void) {
  const vec_t* v1 = &vectors[0];
  for (uint32_t i = 0; i < MAX_ROWS * 3; i++) g_rows[i] = v1->values[i % v1->n_values];
  if (edgesign_init() || edgesign_set_key((const uint8_t*)VEC_KEY, strlen(VEC_KEY), 0)) return 1;
  int st = sign_window(100);
  st |= report("1s", bench_measured_1s());
  st |= sign_window(1000);
  st |= report("10s", bench_measured_10s());
  return st;
}
