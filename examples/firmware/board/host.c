/* The board layer for the host build (fast debugging with gcc, sanitizers, gdb). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "platform.h"

void plat_write(const char* s, size_t n) { fwrite(s, 1, n, stdout); }
void plat_exit(int code) {
  fflush(stdout);
  exit(code);
}
uint32_t plat_stack_used(void) { return 0; }
void plat_stack_paint(void) {}
uint32_t plat_stack_peak(void) { return 0; }
static struct timespec t0;
void plat_timer_start(void) { clock_gettime(CLOCK_MONOTONIC, &t0); }
void plat_spin(uint32_t n) {
  for (volatile uint32_t i = 0; i < n; i++) {
  }
}
uint64_t plat_timer_ticks(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)(t.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)(t.tv_nsec - t0.tv_nsec);
}
