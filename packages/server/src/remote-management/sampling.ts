/**
 * One sample request to one device, followed to its end. Devices report progress in whatever order
 * their implementation sends it — Edge Impulse's own Node client can send `sampleStarted` before
 * `sample: true` (it acknowledges one tick after starting) — so progress is a set of flags, not a state
 * machine that expects an order. A request ends `finished` once the device said `sampleFinished` and
 * the ingestion service stored a sample from that device, or `failed` (the device refused or reported
 * an error, disconnected, or finished without a sample landing).
 * @module
 */
import type { SampleCategory } from '../service/store.js';
import type { DeviceEvent, SampleRequest } from './messages.js';

/** What a caller (the Studio API, `edgesign sample`) sees of a sample request. */
export interface SamplingStatus {
  /** The request's id (what the Studio API returns as `id` from start-sampling): unique across the receivers of one store. */
  id: number;
  /** The device asked to record. */
  deviceId: string;
  /** Where the sample goes. */
  /** The receiver holding the device's connection, which sent it the request (`ReceiverIdentity.id`). */
  receiverId: string;
  /** Where the sample goes. */
  category: SampleCategory;
  /** The sample's label. */
  label: string;
  /** How long the device records, in milliseconds. */
  lengthMs: number;
  /** Milliseconds between readings. */
  intervalMs: number;
  /** The sensor asked for, or null for the device's first. */
  sensor: string | null;
  /** ISO 8601 (UTC). */
  requestedAt: string;
  /** `in-progress` until the sample landed (`finished`) or the request `failed` (see `error`). */
  state: 'in-progress' | 'finished' | 'failed';
  /** The device took the request. */
  accepted: boolean;
  /** The device started recording. */
  started: boolean;
  /** The device is processing what it recorded. */
  processing: boolean;
  /** The device is uploading the signed sample. */
  uploading: boolean;
  /** The device said it finished (the sample may still be landing in the store). */
  deviceFinished: boolean;
  /** The device's last reported progress, 0–100, or null before any. */
  progressPercentage: number | null;
  /** Progress messages in the order the device sent them. */
  events: string[];
  /** Why the request failed (the device's message or the server's), or null. */
  error: string | null;
  /** The stored sample, once it landed. */
  sample: { id: number; fileName: string } | null;
}

export class Sampling {
  readonly status: SamplingStatus;
  readonly request: SampleRequest;
  #settled = false;
  #onAck: Array<(error: string | null) => void> = [];
  #onEnd: Array<() => void> = [];
  /** Called after every change of {@link status} (the holder stores it for the other receivers). */
  onChange: () => void = () => {};

  constructor(id: number, deviceId: string, category: SampleCategory, request: SampleRequest, requestedAt: string, receiverId: string) {
    this.request = request;
    this.status = {
      id,
      deviceId,
      receiverId,
      category,
      label: request.label,
      lengthMs: request.length,
      intervalMs: request.interval,
      sensor: request.sensor ?? null,
      requestedAt,
      state: 'in-progress',
      accepted: false,
      started: false,
      processing: false,
      uploading: false,
      deviceFinished: false,
      progressPercentage: null,
      events: [],
      error: null,
      sample: null,
    };
  }

  get done(): boolean {
    return this.status.state !== 'in-progress';
  }

  /** Resolves with null once the device took the request (any progress counts), or with the refusal. */
  acknowledged(): Promise<string | null> {
    if (this.status.accepted) return Promise.resolve(null);
    if (this.status.state === 'failed') return Promise.resolve(this.status.error);
    return new Promise((resolve) => this.#onAck.push(resolve));
  }

  /** Resolves when the request is finished or failed. */
  ended(): Promise<SamplingStatus> {
    if (this.done) return Promise.resolve(this.status);
    return new Promise((resolve) => this.#onEnd.push(() => resolve(this.status)));
  }

  /** Applies one device message. */
  apply(ev: DeviceEvent): void {
    if (this.done) return;
    const s = this.status;
    if (ev.kind !== 'ignored') s.events.push(ev.kind);
    switch (ev.kind) {
      case 'sampleFailed':
        return this.fail(ev.error);
      case 'sampleAccepted':
        break;
      case 'sampleStarted':
        s.started = true;
        break;
      case 'sampleProcessing':
        s.processing = true;
        break;
      case 'sampleReading':
        if (ev.progressPercentage !== null) s.progressPercentage = ev.progressPercentage;
        break;
      case 'sampleUploading':
        s.uploading = true;
        break;
      case 'sampleFinished':
        s.deviceFinished = true;
        break;
      default:
        return;
    }
    this.#accept();
    this.#maybeFinish();
    this.onChange();
  }

  /** The ingestion service stored a sample from this device after the request. */
  landed(sample: { id: number; fileName: string }): void {
    if (this.done || this.status.sample) return;
    this.status.sample = sample;
    this.#accept();
    this.#maybeFinish();
    this.onChange();
  }

  fail(error: string): void {
    if (this.done) return;
    this.status.state = 'failed';
    this.status.error = error;
    this.#settle(error);
    this.onChange();
  }

  #accept(): void {
    if (this.status.accepted) return;
    this.status.accepted = true;
    for (const f of this.#onAck.splice(0)) f(null);
  }

  #maybeFinish(): void {
    if (this.status.deviceFinished && this.status.sample) {
      this.status.state = 'finished';
      this.#settle(null);
    }
  }

  #settle(ackError: string | null): void {
    if (this.#settled) return;
    this.#settled = true;
    for (const f of this.#onAck.splice(0)) f(ackError);
    for (const f of this.#onEnd.splice(0)) f();
  }
}
