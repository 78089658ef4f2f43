// SHA-256 compression (FIPS 180-4 §6.2.2) as a plain loop over a 64-word schedule in memory: about a
// fifth of the code of the unrolled version, for size-optimized builds (firmware). Same results.

import { K, bigSigma0, bigSigma1, ch, maj, smallSigma0, smallSigma1 } from './sha256-functions';


const W: usize = memory.data(256, 16);

export function compressCompact(state: usize, block: usize): void {
  for (let t: usize = 0; t < 16; t++) store<u32>(W + (t << 2), bswap<u32>(load<u32>(block + (t << 2))));
  for (let t: usize = 16; t < 64; t++) {
    const w2 = load<u32>(W + ((t - 2) << 2));
    const w15 = load<u32>(W + ((t - 15) << 2));
    store<u32>(W + (t << 2), smallSigma1(w2) + load<u32>(W + ((t - 7) << 2)) + smallSigma0(w15) + load<u32>(W + ((t - 16) << 2)));
  }
  let a = load<u32>(state, 0), b = load<u32>(state, 4), c = load<u32>(state, 8), d = load<u32>(state, 12);
  let e = load<u32>(state, 16), f = load<u32>(state, 20), g = load<u32>(state, 24), h = load<u32>(state, 28);
  for (let t: i32 = 0; t < 64; t++) {
    const t1 = h + bigSigma1(e) + ch(e, f, g) + load<u32>(K + (<usize>t << 2)) + load<u32>(W + (<usize>t << 2));
    const t2 = bigSigma0(a) + maj(a, b, c);
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  store<u32>(state, load<u32>(state, 0) + a, 0);
  store<u32>(state, load<u32>(state, 4) + b, 4);
  store<u32>(state, load<u32>(state, 8) + c, 8);
  store<u32>(state, load<u32>(state, 12) + d, 12);
  store<u32>(state, load<u32>(state, 16) + e, 16);
  store<u32>(state, load<u32>(state, 20) + f, 20);
  store<u32>(state, load<u32>(state, 24) + g, 24);
  store<u32>(state, load<u32>(state, 28) + h, 28);
}
