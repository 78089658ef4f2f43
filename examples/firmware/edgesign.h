/*
 * edgesign.h: sign Edge Impulse data acquisition messages (JSON or CBOR, HMAC-SHA256) on a
 * microcontroller, with edgesign's WebAssembly core translated to C by wasm2c.
 *
 * The bytes come from the same build/edgesign.wasm that the JavaScript package runs: this file is a
 * thin layer that copies inputs into the module's IN window, calls its exports and hands back the
 * bytes it wrote into its OUT window (see docs/abi.md in the repository).
 *
 *   - No heap. RAM is the module's one 64 KiB page (a static array in wasm-rt-mcu.c) plus a few
 *     hundred bytes of state; the largest stack frame is small (see README.md for measured sizes).
 *   - One signer per image: the functions work on a single static module instance. They are not
 *     reentrant; call them from one thread/task (or guard them with a mutex). Never call them from
 *     inside a sink callback.
 *   - Errors are returned as negative edgesign_status_t values. Inputs that are refused (bad
 *     arguments, NaN/inf, bad UTF-8) are checked before anything is written: a message in progress
 *     goes on as if the call had not happened. Failures after writing started (EDGESIGN_ERR_FULL in a
 *     one-shot message, EDGESIGN_ERR_SINK, EDGESIGN_ERR_TRAP) end the message; the key stays set
 *     (except after a trap). A WebAssembly trap (which would mean a
 *     bug in the module or in this layer) never escapes: the call returns EDGESIGN_ERR_TRAP, the
 *     module is re-instantiated and the key must be set again.
 *
 * Typical use (one-shot: the whole message is built in the module's OUT window):
 *
 *   static const edgesign_sensor_t sensors[] = {{"accX", "m/s2"}, {"accY", "m/s2"}, {"accZ", "m/s2"}};
 *   edgesign_header_t h = {.encoding = EDGESIGN_CBOR, .device_type = "MY-BOARD",
 *                          .interval_ms = 10, .sensors = sensors, .n_sensors = 3};
 *   edgesign_result_t r;
 *   edgesign_init();
 *   edgesign_set_key((const uint8_t*)key, strlen(key), 0);
 *   edgesign_begin(&h);
 *   edgesign_add_f32(samples, n_rows * 3);       // row-major: x0 y0 z0 x1 y1 z1 ...
 *   edgesign_finish(&r);                         // r.data / r.len: the signed message
 *
 * Streaming (messages larger than the OUT window, or to keep latency low): edgesign_begin_stream()
 * with a sink; every byte is handed to the sink in order, and the caller writes the 64 hex characters
 * of r.sig_hex at r.sig_offset afterwards if r.sig_in_sink is set (the placeholder had already been
 * handed out), e.g. by seeking back in the file or flash page that holds the message.
 */
#ifndef EDGESIGN_H_
#define EDGESIGN_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* EDGESIGN_ABI_VERSION: the module ABI version this layer was written for (docs/abi.md, export
 * version()), with the ABI's other constants, generated from abi/edgesign-abi.mjs. */
#include "edgesign-abi.h"

typedef enum {
  EDGESIGN_OK = 0,
  EDGESIGN_ERR_FULL = -1,  /* does not fit: one-shot message larger than the OUT window, or the
                              header strings larger than the IN window */
  EDGESIGN_ERR_ARG = -2,   /* bad argument: NULL pointer, zero sensors, count not a multiple of
                              n_sensors, non-positive interval, iat >= 2^53, ... */
  EDGESIGN_ERR_STATE = -3, /* call out of order (no key, no message begun, finished twice, a call
                              from inside a sink, flush without a sink, ...) */
  EDGESIGN_ERR_TRAP = -4,  /* the module trapped; it was re-instantiated and the key is gone */
  EDGESIGN_ERR_ABI = -5,   /* the linked module is not the ABI this layer expects, or its memory
                              layout does not fit the runtime's memory pool */
  EDGESIGN_ERR_VALUE = -6, /* a float value is NaN or infinite: see edgesign_error_row/col() */
  EDGESIGN_ERR_UTF8 = -7,  /* a string is not well-formed UTF-8 */
  EDGESIGN_ERR_KEY = -8,   /* empty key, or shorter than 32 bytes without EDGESIGN_KEY_ALLOW_SHORT,
                              or longer than the IN window */
  EDGESIGN_ERR_SINK = -9,  /* the sink returned non-zero; the message is abandoned */
} edgesign_status_t;

typedef enum { EDGESIGN_JSON = 0, EDGESIGN_CBOR = 1 } edgesign_encoding_t;

/* One sensor axis: payload.sensors[i] = {"name": name, "units": units}. UTF-8, NUL-terminated. */
typedef struct {
  const char* name;
  const char* units;
} edgesign_sensor_t;

/* Everything in a message except the values. */
typedef struct {
  edgesign_encoding_t encoding;
  const char* device_name;   /* optional: NULL omits payload.device_name */
  const char* device_type;   /* required */
  double interval_ms;        /* milliseconds between rows; finite and > 0 */
  const edgesign_sensor_t* sensors; /* required, n_sensors >= 1 */
  uint32_t n_sensors;
  bool has_iat;              /* false: no protected.iat (a device without a real-time clock) */
  uint64_t iat;              /* seconds since the Unix epoch (< 2^53), used if has_iat */
  bool interval_as_float;    /* CBOR only: write interval_ms as a float even when it is integral
                                (Edge Impulse C SDK style, e.g. f9 49 00 for 10; vector V1).
                                Otherwise an integral interval is a CBOR integer (vector V2). */
} edgesign_header_t;

/* Receives message bytes in order. Return 0 to go on, non-zero to abandon the message. The bytes
 * are only valid during the call. Do not call edgesign_* functions from a sink. */
typedef int (*edgesign_sink_t)(void* user, const uint8_t* bytes, size_t len);

typedef struct {
  const uint8_t* data;  /* one-shot: the complete signed message (inside the module's memory; valid
                           until the next edgesign_* call). Streaming: NULL. */
  size_t len;           /* total message length in bytes (streaming: bytes handed to the sink) */
  size_t sig_offset;    /* offset of the 64 signature characters from the message start */
  bool sig_in_sink;     /* streaming only: the placeholder (64 '0') had already been handed to the
                           sink; write sig_hex there yourself. false: the bytes given out already
                           carry the signature. */
  char sig_hex[65];     /* the HMAC-SHA256 tag as 64 lowercase hex characters, NUL-terminated */
} edgesign_result_t;

/* Flags for edgesign_set_key(). */
#define EDGESIGN_KEY_ALLOW_SHORT 1u /* accept keys of 1..31 bytes (Edge Impulse keys are 32) */

/* (Re)instantiates the module and checks its ABI version and layout. Must be called first; calling it
 * again resets everything (the key too). EDGESIGN_ERR_ABI: not the expected ABI version, or the module
 * does not fit the runtime (e.g. a shrunken WASM_MCU_POOL_BYTES, see wasm-rt-mcu.h). */
edgesign_status_t edgesign_init(void);

/* Sets the HMAC key: its bytes as they are (an Edge Impulse key string's ASCII bytes, never
 * hex-decoded). Keys over 64 bytes are hashed first (RFC 2104). Not allowed during a message. */
edgesign_status_t edgesign_set_key(const uint8_t* key, size_t len, uint32_t flags);

/* Starts a one-shot message: all bytes stay in the module's OUT window until edgesign_finish. */
edgesign_status_t edgesign_begin(const edgesign_header_t* header);

/* Starts a streamed message: bytes go to `sink` whenever the OUT window fills, on edgesign_flush()
 * and at edgesign_finish(). Any size. */
edgesign_status_t edgesign_begin_stream(const edgesign_header_t* header, edgesign_sink_t sink,
                                        void* user);

/* Appends rows. `values` holds `count` numbers row-major (count = rows * n_sensors). With one sensor
 * the values are written flat, as Edge Impulse does. float32 values are written as float32 (CBOR:
 * the smallest lossless half/single; JSON: the shortest decimal that reads back to the same float);
 * int16 values as integers. Any number of calls, of either type, may follow each other. */
edgesign_status_t edgesign_add_f32(const float* values, size_t count);
edgesign_status_t edgesign_add_i16(const int16_t* values, size_t count);

/* Streaming only: hands the bytes written so far to the sink now. */
edgesign_status_t edgesign_flush(void);

/* Closes the message, computes the signature and fills `result` (see edgesign_result_t). The key
 * stays set for the next message. */
edgesign_status_t edgesign_finish(edgesign_result_t* result);

/* Abandons a message in progress (the key stays set). */
void edgesign_abort(void);

/* One-shot helpers on the same core (any time, also during a message: the message state is saved
 * and restored around them). */
edgesign_status_t edgesign_sha256(const uint8_t* data, size_t len, uint8_t out[32]);
edgesign_status_t edgesign_hmac_sha256(const uint8_t* key, size_t key_len, const uint8_t* data,
                                       size_t len, uint8_t out[32]);

/* Size of the module's windows (valid after edgesign_init): a one-shot message must fit in the OUT
 * window; the header strings (lengths table included) in the IN window. */
size_t edgesign_out_capacity(void);
size_t edgesign_in_capacity(void);

/* After EDGESIGN_ERR_VALUE: the 0-based row (counted from the start of the message) and column of
 * the first non-finite value. After EDGESIGN_ERR_TRAP: edgesign_last_trap() is the wasm_rt_trap_t. */
uint32_t edgesign_error_row(void);
uint32_t edgesign_error_col(void);
int edgesign_last_trap(void);

/* A short English description of a status code. */
const char* edgesign_strerror(edgesign_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* EDGESIGN_H_ */
