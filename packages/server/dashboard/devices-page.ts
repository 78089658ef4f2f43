/**
 * The Devices page (Studio port only): the project's devices, connected to remote management or not
 * (and to which receiver, when several share a database), when they were last seen and what sensors
 * they have; and "Collect sample", which asks a connected device for a sample through the Studio API
 * and follows the request until the signed sample lands.
 * The form is offered to keys that may add data (not Read-only); the API refuses the others anyway.
 * @module
 */
import { announce, h, replace, time, type Child } from './dom.js';
import { clearError, errorBox, showError } from './form-error.js';
import { listDevices, samplingStatus, startSampling, type Device, type Sampling } from './devices-api.js';
import { CATEGORIES, type Category } from './samples-api.js';
import type { Session } from './session.js';

export async function renderDevicesPage(main: HTMLElement, session: Session, projectId: number): Promise<void> {
  const devices = await listDevices(projectId);
  const connected = devices.filter((d) => d.remote_mgmt_connected);
  replace(
    main,
    h('h1', {}, 'Devices'),
    h('p', { class: 'lead' }, 'Devices of this project. A device connected to remote management can be asked for a sample from here; it signs it with the development HMAC key.'),
    devices.length === 0
      ? h('p', { class: 'empty' }, 'No devices yet. A device appears when it connects to remote management (for example `edgesign simulate --remote`).')
      : h(
          'table',
          { class: 'list', id: 'devices-table' },
          h('caption', { class: 'visually-hidden' }, 'Devices'),
          h('thead', {}, h('tr', {}, ['Device', 'Type', 'Remote management', 'Last seen', 'Sensors'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, devices.map(deviceRow)),
        ),
    session.role === 'readonly' ? null : collectSampleForm(projectId, connected),
  );
}

function deviceRow(d: Device): HTMLElement {
  return h(
    'tr',
    {},
    h('th', { scope: 'row', 'data-label': 'Device' }, d.name, d.name !== d.deviceId ? h('span', { class: 'sub' }, d.deviceId) : null),
    h('td', { 'data-label': 'Type' }, d.deviceType || '—'),
    h(
      'td',
      { 'data-label': 'Remote management' },
      h('span', { class: `badge ${d.remote_mgmt_connected ? 'sig-valid' : 'sig-unsigned'}` }, d.remote_mgmt_connected ? 'connected' : 'not connected'),
      // With several receivers on one database, which one holds the device's connection.
      d.remoteMgmtReceiver ? h('span', { class: 'sub', title: `receiver ${d.remoteMgmtReceiver.id}` }, `on ${d.remote_mgmt_host ?? d.remoteMgmtReceiver.hostname}`) : null,
    ),
    h('td', { 'data-label': 'Last seen' }, time(d.lastSeen)),
    h('td', { 'data-label': 'Sensors' }, d.sensors.length === 0 ? '—' : h('ul', { class: 'plain' }, d.sensors.map((s) => h('li', {}, sensorText(s))))),
  );
}

function sensorText(s: Device['sensors'][number]): string {
  const f = s.frequencies.length > 0 ? ` at ${s.frequencies.join(' / ')} Hz` : '';
  return `${s.name}${f}, up to ${s.maxSampleLengthS} s`;
}

function collectSampleForm(projectId: number, connected: Device[]): Child {
  if (connected.length === 0) {
    return h('section', { class: 'card', 'aria-labelledby': 'collect-heading' }, h('h2', { id: 'collect-heading' }, 'Collect sample'), h('p', { class: 'empty' }, 'No device is connected to remote management.'));
  }
  const device = h('select', { id: 'collect-device', name: 'device' }, connected.map((d) => h('option', { value: d.deviceId }, d.name)));
  const label = h('input', { id: 'collect-label', name: 'label', required: true, maxlength: 128, autocomplete: 'off' });
  const length = h('input', { id: 'collect-length', name: 'length', type: 'number', required: true, min: 1, step: 1, value: 1000, inputmode: 'numeric' });
  const sensor = h('select', { id: 'collect-sensor', name: 'sensor' });
  const frequency = h('select', { id: 'collect-frequency', name: 'frequency' });
  const category = h('select', { id: 'collect-category', name: 'category' }, CATEGORIES.map((c) => h('option', { value: c }, c)));
  const error = errorBox();
  const progress = h('progress', { id: 'collect-progress', max: 100, hidden: true, 'aria-labelledby': 'collect-status' });
  const status = h('p', { id: 'collect-status', role: 'status', class: 'hint' });
  const submit = h('button', { type: 'submit' }, 'Start sampling');

  const current = () => connected.find((d) => d.deviceId === device.value)!;
  const fillSensors = () => {
    replace(sensor, current().sensors.map((s) => h('option', { value: s.name }, s.name)));
    fillFrequencies();
  };
  const fillFrequencies = () => {
    const s = current().sensors.find((x) => x.name === sensor.value);
    replace(frequency, (s?.frequencies.length ? s.frequencies : [100]).map((f) => h('option', { value: f }, `${f} Hz`)));
  };
  device.addEventListener('change', fillSensors);
  sensor.addEventListener('change', fillFrequencies);
  fillSensors();

  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': 'collect-heading' },
    h(
      'div',
      { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: 'collect-device' }, 'Device'), device),
      h('div', { class: 'field' }, h('label', { for: 'collect-label' }, 'Label'), label),
      h('div', { class: 'field' }, h('label', { for: 'collect-length' }, 'Sample length (ms)'), length),
      h('div', { class: 'field' }, h('label', { for: 'collect-sensor' }, 'Sensor'), sensor),
      h('div', { class: 'field' }, h('label', { for: 'collect-frequency' }, 'Frequency'), frequency),
      h('div', { class: 'field' }, h('label', { for: 'collect-category' }, 'Category'), category),
    ),
    error,
    h('div', { class: 'actions left' }, submit),
    progress,
    status,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(error);
    submit.disabled = true;
    const deviceId = device.value;
    try {
      const id = await startSampling(projectId, deviceId, {
        label: label.value.trim(),
        lengthMs: Number(length.value),
        intervalMs: 1000 / Number(frequency.value),
        category: category.value as Category,
        ...(sensor.value ? { sensor: sensor.value } : {}),
      });
      progress.hidden = false;
      let s = await samplingStatus(projectId, deviceId, id, 0);
      show(s);
      while (s.state === 'in-progress') {
        s = await samplingStatus(projectId, deviceId, id, 2000);
        show(s);
      }
    } catch (e) {
      showError(error, e);
    } finally {
      submit.disabled = false;
    }
  });

  function show(s: Sampling): void {
    const pct = s.state === 'finished' ? 100 : s.progressPercentage ?? (s.uploading ? 90 : s.processing ? 75 : s.started ? 25 : s.accepted ? 5 : 0);
    progress.value = pct;
    let text: Child;
    if (s.state === 'finished' && s.sample) {
      text = ['Sample stored: ', h('a', { href: `#/data/${s.sample.id}` }, s.sample.fileName)];
      announce(`Sample stored as ${s.sample.fileName}`);
    } else if (s.state === 'failed') {
      text = `Sampling failed: ${s.error ?? 'the device did not deliver a sample'}`;
      announce(String(text));
    } else {
      text = s.uploading ? 'Uploading…' : s.processing ? 'Processing…' : s.started ? 'Sampling…' : s.accepted ? 'The device accepted the request…' : 'Waiting for the device…';
    }
    replace(status, text);
    status.dataset['state'] = s.state;
  }

  return h('section', { class: 'card', 'aria-labelledby': 'collect-heading' }, h('h2', { id: 'collect-heading' }, 'Collect sample'), form);
}
