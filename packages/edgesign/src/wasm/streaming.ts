/**
 * The shared streaming machinery of every object whose state lives in the core's context: input is
 * staged in the IN window and absorbed only when the window is full or the result is needed, so a
 * short message costs one call into WebAssembly instead of two.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { utf8Into, toBytes, assertWellFormed } from '../encoding.js';
import { activate, type Core, type ContextOwner, isLive } from './core.js';

export abstract class CoreStream implements ContextOwner {
  saved: Uint8Array | null = null;
  /** Bytes staged in IN for this owner; meaningful only while it is the active owner. */
  protected staged = 0;
  /** The instance this owner's state lives in; a trap replaces the instance and strands it. */
  protected home: Core | null = null;

  flushStaged(core: Core): void {
    if (this.staged !== 0) {
      core.x.hashUpdate(this.staged);
      this.staged = 0;
    }
  }

  /** Activates this owner; throws E_STATE when its state was lost with a trapped instance. */
  protected enter(): Core {
    const core = activate(this);
    if (this.home !== core) {
      if (this.home !== null && !isLive(this.home) && this.home.owner === this) {
        // It was the active owner when the instance trapped: its staged bytes and running state are gone.
        this.home = core;
        this.staged = 0;
        this.stranded();
      }
      this.home = core;
    }
    return core;
  }

  /** The core when this owner is already the active one on the live instance (the hot path), else null. */
  protected activeCore(): Core | null {
    const core = this.home;
    return core !== null && core.owner === this && isLive(core) ? core : null;
  }

  /** Called when this owner's in-progress state was lost to a trap. */
  protected abstract stranded(): void;

  /** Absorbs bytes or a string's UTF-8 (lone surrogates refused) into the running hash. */
  protected absorb(data: Uint8Array | string, what: string): void {
    if (typeof data === 'string') {
      assertWellFormed(data, what);
      const core = this.enter();
      const n = utf8Into(data, core.u8.subarray(core.IN + this.staged, core.IN + core.IN_CAP));
      if (n >= 0) {
        this.staged += n;
        return;
      }
      data = toBytes(data, what, 'E_DATA_TYPE');
    } else if (!(data instanceof Uint8Array)) {
      data = toBytes(data, what, 'E_DATA_TYPE');
    }
    const core = this.enter();
    const len = data.length;
    if (this.staged + len <= core.IN_CAP) {
      core.u8.set(data, core.IN + this.staged);
      this.staged += len;
      return;
    }
    let off = 0;
    while (off < len) {
      const n = Math.min(core.IN_CAP - this.staged, len - off);
      core.u8.set(data.subarray(off, off + n), core.IN + this.staged);
      this.staged += n;
      off += n;
      if (this.staged === core.IN_CAP) {
        core.x.hashUpdate(this.staged);
        this.staged = 0;
      }
    }
  }
}

/** Raises E_STATE with a message naming the call that was not allowed. */
export function stateError(message: string): EdgesignError {
  return new EdgesignError('E_STATE', message);
}
