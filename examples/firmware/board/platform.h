/* What the demo needs from the board: output, exit status, stack high-water mark, a timer. */
#ifndef EDGESIGN_FW_PLATFORM_H_
#define EDGESIGN_FW_PLATFORM_H_
#include <stddef.h>
#include <stdint.h>

void plat_write(const char* s, size_t n);
__attribute__((noreturn)) void plat_exit(int code);
uint32_t plat_stack_used(void);   /* bytes of stack ever used, 0 if unknown */
/* Stack painting around one piece of work: plat_stack_paint() paints the free stack below the
 * caller; plat_stack_peak() then returns how deep below that point the stack went (0 if unknown). */
void plat_stack_paint(void);
uint32_t plat_stack_peak(void);
void plat_timer_start(void);
uint64_t plat_timer_ticks(void);  /* firmware: SysTick counts; host: nanoseconds */
void plat_spin(uint32_t n);       /* firmware: a loop of exactly 2n instructions (calibration) */
#endif
