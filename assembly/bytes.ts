// Small byte copy and fill loops. With bulk memory disabled (MVP only), AssemblyScript's memory.copy
// pulls in a general memmove of about 1.5 KB; every copy here is short (≤ 64 bytes, or one string), so
// a plain loop is smaller and as fast.

/** Copies `len` bytes from `src` to `dst`; the ranges must not overlap. */
export function copyBytes(dst: usize, src: usize, len: usize): void {
  while (len >= 4) {
    store<u32>(dst, load<u32>(src));
    dst += 4;
    src += 4;
    len -= 4;
  }
  while (len != 0) {
    store<u8>(dst, load<u8>(src));
    dst++;
    src++;
    len--;
  }
}

/** Sets `len` bytes at `dst` to `value`. */
export function fillBytes(dst: usize, value: u8, len: usize): void {
  for (let end = dst + len; dst < end; dst++) store<u8>(dst, value);
}
