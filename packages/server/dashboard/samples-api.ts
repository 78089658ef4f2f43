/**
 * The service's read API (any valid key): samples newest first, one sample's record, its raw bytes.
 * @module
 */
import { getBytes, getJson } from './api.js';

export type Category = 'training' | 'testing' | 'anomaly';
export type SignatureStatus = 'valid' | 'invalid' | 'unsigned';
export const CATEGORIES: readonly Category[] = ['training', 'testing', 'anomaly'];
export const SIGNATURE_STATUSES: readonly SignatureStatus[] = ['valid', 'invalid', 'unsigned'];

export interface Sample {
  id: number;
  fileName: string;
  category: Category;
  label: string | null;
  deviceName: string | null;
  deviceType: string | null;
  signature: SignatureStatus;
  /** The HMAC key that verified it (valid samples only). */
  hmacKeyId: string | null;
  sha256: string;
  iat: number | null;
  receivedAt: string;
  bytes: number;
}

export interface SampleDetail extends Sample {
  /** Why the signature is not valid (the verifier's code), under the `flag` policy. */
  signatureError: string | null;
  contentType: string;
  encoding: string | null;
  metadata: Record<string, string> | null;
}

export async function listSamples(q: { category?: Category; limit: number; offset?: number }): Promise<Sample[]> {
  const params = new URLSearchParams({ limit: String(q.limit), offset: String(q.offset ?? 0) });
  if (q.category) params.set('category', q.category);
  return (await getJson<{ samples: Sample[] }>(`/api/samples?${params}`)).samples;
}

export const getSample = async (id: number): Promise<SampleDetail> => (await getJson<{ sample: SampleDetail }>(`/api/samples/${id}`)).sample;
export const getSampleRaw = (id: number) => getBytes(`/api/samples/${id}/raw`);
