// Writing repeated bytes into the output window.

/** Writes `n` copies of byte `b`; returns the position after them. */
export function repeatByte(dst: usize, b: u8, n: usize): usize {
  for (let i: usize = 0; i < n; i++) store<u8>(dst + i, b);
  return dst + n;
}
