/**
 * Devices and remote management through the Studio API (`/v1/api/{projectId}/…`, Edge Impulse's
 * shapes), which the Studio port serves next to the dashboard. On a port without it (the ingestion
 * service alone) {@link studioProject} is null and the page offers no Devices.
 * @module
 */
import { ApiError, getJson, sendJson } from './api.js';
import type { Category } from './samples-api.js';
import type { SamplingStatus } from '../src/remote-management/sampling.js';

export interface DeviceSensor {
  name: string;
  maxSampleLengthS: number;
  frequencies: number[];
}

export interface Device {
  deviceId: string;
  name: string;
  deviceType: string;
  created: string;
  lastSeen: string;
  sensors: DeviceSensor[];
  remote_mgmt_connected: boolean;
  remoteMgmtMode: string;
  /** While connected: the receiver (`edgesign serve` process) holding the device's connection. */
  remoteMgmtReceiver?: { id: string; hostname: string; url: string | null };
  /** While connected: that receiver's host (and port), as Edge Impulse names it. */
  remote_mgmt_host?: string;
}

/** A sample request as remote management follows it: edgesign's sampling status route answers the server's own record. */
export type Sampling = SamplingStatus;

/** The Studio project of this port, or null when the port has no Studio API. */
export async function studioProject(): Promise<{ id: number; name: string } | null> {
  try {
    const { projects } = await getJson<{ projects: Array<{ id: number; name: string }> }>('/v1/api/projects');
    return projects[0] ?? null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

const base = (projectId: number) => `/v1/api/${projectId}`;
const dev = (deviceId: string) => encodeURIComponent(deviceId);

export const listDevices = async (projectId: number): Promise<Device[]> => (await getJson<{ devices: Device[] }>(`${base(projectId)}/devices`)).devices;

export async function startSampling(
  projectId: number,
  deviceId: string,
  body: { label: string; lengthMs: number; intervalMs: number; category: Category; sensor?: string },
): Promise<number> {
  return (await sendJson<{ id: number }>('POST', `${base(projectId)}/device/${dev(deviceId)}/start-sampling`, body)).id;
}

/** The request's state; waits up to `waitMs` on the server for it to change while in progress. */
export async function samplingStatus(projectId: number, deviceId: string, id: number, waitMs: number): Promise<Sampling> {
  return (await getJson<{ sampling: Sampling }>(`${base(projectId)}/device/${dev(deviceId)}/sampling/${id}?waitMs=${waitMs}`)).sampling;
}
