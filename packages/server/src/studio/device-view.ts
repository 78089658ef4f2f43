/**
 * A device in Edge Impulse's `Device` shape: the stored record plus whether it is connected to remote
 * management right now, on whichever receiver of the store (`remote_mgmt_connected`, `remoteMgmtMode`,
 * `remote_mgmt_host` — "the remote management host that the device is connected to", Edge Impulse's
 * client says). edgesign adds `remoteMgmtReceiver` (the receiver's id, host name and URL) and
 * `remoteAddress` (the device's own address as that receiver saw it).
 * @module
 */
import type { Connection, RemoteManagementServer } from '../remote-management/remote-management-server.js';
import type { DeviceRecord, Store } from '../service/store.js';

/** The host (and port) of a receiver's URL, else its host name. */
function hostOf(c: Connection): string {
  try {
    if (c.receiver.url) return new URL(c.receiver.url).host;
  } catch {
    // An advertised URL that does not parse: fall back to the host name.
  }
  return c.receiver.hostname;
}

export function deviceView(d: DeviceRecord, c: Connection | undefined, nowMs: number): Record<string, unknown> {
  return {
    id: d.id,
    deviceId: d.deviceId,
    created: d.createdAt,
    // A connected device is being seen now.
    lastSeen: c ? new Date(nowMs).toISOString() : d.lastSeenAt,
    name: d.name,
    deviceType: d.deviceType,
    sensors: d.sensors,
    remote_mgmt_connected: c !== undefined,
    ...(c ? { remote_mgmt_host: hostOf(c), remoteMgmtReceiver: c.receiver, remoteAddress: c.remote } : {}),
    supportsSnapshotStreaming: d.supportsSnapshotStreaming,
    remoteMgmtMode: c ? c.mode : 'disconnected',
  };
}

/** Every device of the store, each with its connection on whichever receiver holds it. */
export async function listDeviceViews(store: Store, remote: RemoteManagementServer | undefined, nowMs: number): Promise<Record<string, unknown>[]> {
  const [devices, connections] = await Promise.all([store.listDevices(), remote ? remote.connections() : new Map<string, Connection>()]);
  return devices.map((d) => deviceView(d, connections.get(d.deviceId), nowMs));
}
