/* The non-standard shrunken memory pool (WASM_MCU_POOL_BYTES < 64 KiB, wasm-rt-mcu.h), host only:
 *   built with EXPECT_FIT=0 and a pool too small for the module: edgesign_init() must fail cleanly;
 *   built with EXPECT_FIT=1 and the smallest pool that holds the module's data and windows: V1 must
 *   still come out byte for byte. */
#include <stdio.h>
#include <string.h>

#include "edgesign.h"
#include "vectors.h"

int main(void) {
  edgesign_status_t st = edgesign_init();
  printf("pool %u bytes: edgesign_init() = %d (%s)\n", (unsigned)WASM_MCU_POOL_BYTES, st, edgesign_strerror(st));
#if EXPECT_FIT
  const vec_t* v = &vectors[0];
  edgesign_result_t r;
  if (st == EDGESIGN_OK) st = edgesign_set_key((const uint8_t*)VEC_KEY, strlen(VEC_KEY), 0);
  if (st == EDGESIGN_OK) st = edgesign_begin(&v->header);
  if (st == EDGESIGN_OK) st = edgesign_add_f32(v->values, v->n_values);
  if (st == EDGESIGN_OK) st = edgesign_finish(&r);
  static const char d[] = "0123456789abcdef";
  int same = st == EDGESIGN_OK && strlen(v->hex) == 2 * r.len;
  for (size_t i = 0; same && i < r.len; i++)
    same = v->hex[2 * i] == d[r.data[i] >> 4] && v->hex[2 * i + 1] == d[r.data[i] & 15];
  printf("%s V1 signed byte for byte with the shrunken pool\n", same ? "ok  " : "FAIL");
  printf("%d passed, %d failed\n", same, !same);
  return !same;
#else
  int ok = st == EDGESIGN_ERR_ABI;
  printf("%s a pool too small for the module is refused (EDGESIGN_ERR_ABI), no crash\n", ok ? "ok  " : "FAIL");
  printf("%d passed, %d failed\n", ok, !ok);
  return !ok;
#endif
}
