/**
 * A device in Edge Impulse's `Device` shape: the stored record plus whether it is connected to remote
 * management right now (`remote_mgmt_connected`, `remoteMgmtMode`).
 * @module
 */
import type { RemoteManagementServer } from '../remote-management/remote-management-server.js';
import type { DeviceRecord } from '../service/store.js';

export function deviceView(d: DeviceRecord, remote: RemoteManagementServer | undefined, nowMs: number): Record<string, unknown> {
  const c = remote?.connection(d.deviceId);
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
    ...(c ? { remote_mgmt_host: c.remote } : {}),
    supportsSnapshotStreaming: d.supportsSnapshotStreaming,
    remoteMgmtMode: c ? c.mode : 'disconnected',
  };
}
