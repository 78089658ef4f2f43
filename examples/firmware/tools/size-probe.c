/* Links every edgesign_* function and nothing else (size-report: signer-only image minus an empty
 * image = what the signer really costs, including the libgcc/libm/libc routines it pulls in). */
#include <stdint.h>

#include "edgesign.h"

volatile uintptr_t sink_;

#ifndef SIZE_PROBE_EMPTY
static int probe_sink(void* u, const uint8_t* b, size_t n) { return (int)((uintptr_t)u + b[0] + n); }
#endif

int main(void) {
#ifndef SIZE_PROBE_EMPTY
  static const edgesign_sensor_t s[] = {{"x", "u"}};
  edgesign_header_t h = {.device_type = "t", .interval_ms = 1, .sensors = s, .n_sensors = 1};
  edgesign_result_t r;
  float f = 1;
  int16_t i = 1;
  uint8_t d[32];
  sink_ += edgesign_init();
  sink_ += edgesign_set_key((const uint8_t*)"k", 1, EDGESIGN_KEY_ALLOW_SHORT);
  sink_ += edgesign_begin(&h);
  sink_ += edgesign_begin_stream(&h, probe_sink, 0);
  sink_ += edgesign_add_f32(&f, 1);
  sink_ += edgesign_add_i16(&i, 1);
  sink_ += edgesign_flush();
  sink_ += edgesign_finish(&r);
  edgesign_abort();
  sink_ += edgesign_sha256(d, 1, d);
  sink_ += edgesign_hmac_sha256(d, 1, d, 1, d);
  sink_ += edgesign_out_capacity() + edgesign_in_capacity() + edgesign_error_row() +
           edgesign_error_col() + (uintptr_t)edgesign_last_trap();
  sink_ += (uintptr_t)edgesign_strerror((edgesign_status_t)sink_);
#endif
  return 0;
}
