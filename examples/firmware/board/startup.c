/*
 * Startup code for the QEMU boards (mps2-an385 and lm3s811evb: Cortex-M3; microbit: Cortex-M0):
 * vector table, Reset_Handler, fault handlers (armv6-m has only HardFault; the others never fire), and
 * ARM semihosting I/O (QEMU must run with -semihosting, or the first BKPT locks the CPU up).
 * No C library start files and no heap: .data is copied, .bss zeroed, the stack painted so that the
 * high-water mark can be measured, then main() runs and its result becomes QEMU's exit status.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "platform.h"

extern uint32_t __data_start__, __data_end__, __data_load__, __bss_start__, __bss_end__;
extern uint32_t __stack_limit__, __stack_top__;
extern int main(void);

#define STACK_PAINT 0xC5C5C5C5u

/* ---- semihosting ---------------------------------------------------------------------------- */

#define SYS_OPEN 0x01
#define SYS_WRITE 0x05
#define SYS_CLOCK 0x10
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static inline uintptr_t semihost(uintptr_t op, const void* arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static intptr_t g_stdout = -1;

void plat_write(const char* s, size_t n) {
  if (g_stdout < 0) {
    uintptr_t args[3] = {(uintptr_t)":tt", 4 /* "w" */, 3};
    g_stdout = (intptr_t)semihost(SYS_OPEN, args);
  }
  while (n > 0) {
    uintptr_t args[3] = {(uintptr_t)g_stdout, (uintptr_t)s, n};
    size_t left = semihost(SYS_WRITE, args); /* bytes NOT written */
    if (left >= n) return;
    s += n - left;
    n = left;
  }
}

__attribute__((noreturn)) void plat_exit(int code) {
  uintptr_t args[2] = {ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)code};
  for (;;) semihost(SYS_EXIT_EXTENDED, args);
}

uint32_t plat_stack_used(void) {
  const uint32_t* p = &__stack_limit__;
  while (p < &__stack_top__ && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)&__stack_top__ - (uintptr_t)p);
}

static uintptr_t g_paint_top;

/* Paints [__stack_limit__, sp - 64) with the pattern; sp here is just below the caller's frame. The
 * 64-byte margin and the volatile stores keep the painting off its own frame (gcc would otherwise
 * turn the loop into a memset call, whose frame lies below sp); a peak is therefore never under 64. */
__attribute__((noinline)) void plat_stack_paint(void) {
  uint32_t* sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (volatile uint32_t* p = &__stack_limit__; p < sp - 16; p++) *p = STACK_PAINT;
  g_paint_top = (uintptr_t)sp;
}

uint32_t plat_stack_peak(void) {
  const uint32_t* p = &__stack_limit__;
  while ((uintptr_t)p < g_paint_top && *p == STACK_PAINT) p++;
  return (uint32_t)(g_paint_top - (uintptr_t)p);
}

/* SysTick as a free-running 24-bit down-counter at the core clock (QEMU: see README on icount). */
#define SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)
static volatile uint32_t g_systick_wraps;

void SysTick_Handler(void) { g_systick_wraps++; }

void plat_timer_start(void) {
  SYST_CSR = 0;
  SYST_RVR = 0xFFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 7; /* enable, interrupt on wrap, core clock */
  while (SYST_CVR == 0) {
  } /* wait for the first reload, then count from there */
  g_systick_wraps = 0;
}

/* Exactly 2 * n + a few instructions: for calibrating ticks against instructions. */
void plat_spin(uint32_t n) {
  __asm__ volatile(
      ".syntax unified\n" /* Thumb-1 (Cortex-M0) has `subs` only in unified syntax */
      "1: subs %0, %0, #1\n"
      "   bne 1b\n"
      ".syntax divided\n"
      : "+r"(n)
      :
      : "cc");
}

uint64_t plat_timer_ticks(void) {
  uint32_t w, v;
  do {
    w = g_systick_wraps;
    v = SYST_CVR;
  } while (w != g_systick_wraps);
  return (uint64_t)w * 0x1000000u + (0xFFFFFFu - v);
}

/* ---- reset and faults ----------------------------------------------------------------------- */

__attribute__((noreturn)) void Reset_Handler(void) {
  memcpy(&__data_start__, &__data_load__,
         (size_t)((uintptr_t)&__data_end__ - (uintptr_t)&__data_start__));
  memset(&__bss_start__, 0, (size_t)((uintptr_t)&__bss_end__ - (uintptr_t)&__bss_start__));
  /* Paint the stack below the current frame (with a margin) for plat_stack_used(). */
  uint32_t* sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* p = &__stack_limit__; p < sp - 16; p++) *p = STACK_PAINT;
  plat_exit(main());
}

static __attribute__((noreturn)) void fault(const char* what) {
  plat_write("\nFATAL: ", 8);
  plat_write(what, strlen(what));
  plat_write("\n", 1);
  plat_exit(99);
}

void NMI_Handler(void) { fault("NMI"); }
void HardFault_Handler(void) { fault("HardFault"); }
void MemManage_Handler(void) { fault("MemManage"); }
void BusFault_Handler(void) { fault("BusFault"); }
void UsageFault_Handler(void) { fault("UsageFault"); }
void Default_Handler(void) { fault("unexpected interrupt"); }

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) const vector_t vectors[16 + 32] = {
    (vector_t)&__stack_top__,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
    [16 ... 47] = Default_Handler, /* external interrupts (none enabled) */
};
