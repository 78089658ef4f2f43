/**
 * Drives any build of the core (release, size, firmware profiles) through its raw numbers-only ABI
 * (docs/abi.md), the way the C API does: key into IN, header strings into IN, values through IN in
 * window-sized chunks, OUT drained whenever it fills. So two builds with different window sizes can
 * be compared byte for byte on the same inputs; the SDK (packages/edgesign) only ever loads the
 * release module.
 */
import { readFileSync } from 'node:fs';
import { Status } from '../../packages/edgesign/src/wasm/abi.js';

export interface RawHeader {
  /** msgBegin flags: 1 CBOR, 2 iat, 4 device name, 8 interval as a float */
  flags: number;
  iat: number;
  intervalMs: number;
  deviceName: string;
  deviceType: string;
  sensors: [string, string][];
}

export interface RawValues {
  /** msgValues kind: 1 float32, 4 int16 */
  kind: 1 | 4;
  data: Float32Array | Int16Array;
}

export class RawCore {
  readonly x: any;
  constructor(file: string) {
    this.x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports;
  }
  private get mem(): Uint8Array {
    return new Uint8Array(this.x.memory.buffer);
  }

  setKey(key: Uint8Array): void {
    this.mem.set(key, this.x.inPtr());
    this.x.hmacKey(key.length);
  }

  /** msgBegin's return value for `h` (negative: refused). */
  begin(h: RawHeader): number {
    const strs = [h.deviceName, h.deviceType, ...h.sensors.flat()].map((s) => Buffer.from(s, 'utf8'));
    const lens = Buffer.alloc(4 * strs.length);
    strs.forEach((s, i) => lens.writeUInt32LE(s.length, 4 * i));
    this.mem.set(Buffer.concat([lens, ...strs]), this.x.inPtr());
    return this.x.msgBegin(h.flags, h.iat, h.intervalMs, h.sensors.length);
  }

  /**
   * Signs one message; returns the signed bytes (the placeholder patched wherever it ended up) and
   * how many times OUT was drained, or the negative msgBegin code.
   */
  sign(h: RawHeader, values: RawValues): { bytes: Buffer; drains: number } | number {
    const begun = this.begin(h);
    if (begun < 0) return begun;
    const pieces: Buffer[] = [];
    let drains = 0;
    const drain = () => {
      const n = this.x.msgDrain();
      pieces.push(Buffer.from(this.mem.subarray(this.x.outPtr(), this.x.outPtr() + n)));
      drains++;
    };
    const esize = values.data.BYTES_PER_ELEMENT;
    const cols = h.sensors.length;
    const perChunk = Math.floor(this.x.inCap() / esize / cols) * cols;
    const bytes = new Uint8Array(values.data.buffer, values.data.byteOffset, values.data.byteLength);
    for (let first = 0; first < values.data.length; first += perChunk) {
      const n = Math.min(perChunk, values.data.length - first);
      this.mem.set(bytes.subarray(first * esize, (first + n) * esize), this.x.inPtr());
      for (let done = 0; done < n;) {
        const r = this.x.msgValues(values.kind, done, n - done);
        if (r < 0) throw new Error(`msgValues returned ${r}`);
        done += r;
        if (done < n) drain();
      }
    }
    if (this.x.msgClose() === Status.FULL) {
      drain();
      if (this.x.msgClose() < 0) throw new Error('msgClose failed after a drain');
    }
    const left = this.x.msgFinish();
    pieces.push(Buffer.from(this.mem.subarray(this.x.outPtr(), this.x.outPtr() + left)));
    const out = Buffer.concat(pieces);
    const hex = Buffer.from(this.mem.subarray(this.x.digestPtr() + 32, this.x.digestPtr() + 96));
    hex.copy(out, this.x.sigOffset()); // a no-op when the module patched it itself
    return { bytes: out, drains };
  }
}
