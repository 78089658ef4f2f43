/** The published Edge Impulse messages (shared/vectors/edge-impulse/vectors.json), read in place. */
import { readFileSync } from 'node:fs';
import { sharedPath } from './shared.js';

export interface EiVector {
  id: string;
  encoding: string;
  hex?: string;
  signature?: string;
  unsigned_text?: string;
  inputs?: {
    device_name?: string; device_type?: string; interval_ms?: number; iat?: number | null;
    sensors?: [string, string][]; values?: number[][]; values_float32?: number[][];
  };
}

export function loadEiVectors(): { key: string; byId: Record<string, EiVector> } | null {
  const p = sharedPath('vectors/edge-impulse/vectors.json');
  if (!p) return null;
  const doc = JSON.parse(readFileSync(p, 'utf8')) as { key: string; vectors: EiVector[] };
  return { key: doc.key, byId: Object.fromEntries(doc.vectors.map((v) => [v.id, v])) };
}
