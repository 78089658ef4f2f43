/**
 * The one project a data directory holds, as the Studio API shows it. Its id, name and owner live in
 * the store's settings (`project`), so they survive restarts; `edgesign serve --project-id/--project-name`
 * changes them.
 * @module
 */
import { EdgesignError } from 'edgesign';
import type { Store } from '../service/store.js';

export interface ProjectSettings {
  id: number;
  name: string;
  owner: string;
  /** ISO 8601 (UTC). */
  created: string;
}

export const DEFAULT_PROJECT_ID = 1;
export const DEFAULT_PROJECT_NAME = 'edgesign';
const SETTING = 'project';

/** Reads the project (creating it on first use), applying and saving any override. */
export async function loadProject(store: Store, overrides: { id?: number | undefined; name?: string | undefined } = {}, now: () => number = Date.now): Promise<ProjectSettings> {
  if (overrides.id !== undefined && !(Number.isSafeInteger(overrides.id) && overrides.id > 0)) {
    throw new EdgesignError('E_OPTIONS', `the project id must be a positive integer, got ${String(overrides.id)}`);
  }
  if (overrides.name !== undefined && (typeof overrides.name !== 'string' || overrides.name.trim() === '')) {
    throw new EdgesignError('E_OPTIONS', 'the project name must be a non-empty string');
  }
  const stored = await store.getSetting(SETTING);
  const current: ProjectSettings = stored
    ? (JSON.parse(stored) as ProjectSettings)
    : { id: DEFAULT_PROJECT_ID, name: DEFAULT_PROJECT_NAME, owner: 'edgesign', created: new Date(now()).toISOString() };
  const next = { ...current, ...(overrides.id !== undefined ? { id: overrides.id } : {}), ...(overrides.name !== undefined ? { name: overrides.name } : {}) };
  if (!stored || JSON.stringify(next) !== stored) await store.setSetting(SETTING, JSON.stringify(next));
  return next;
}

/** Edge Impulse's `Project` shape, with the fields a local project can fill. */
export function projectView(p: ProjectSettings): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    description: 'Local project served by edgesign',
    created: p.created,
    owner: p.owner,
    ownerIsDeveloperProfile: false,
    collaborators: [],
    labelingMethod: 'single_label',
    metadata: {},
    isEnterpriseProject: false,
    whitelabelId: null,
    tier: 'free',
    hasPublicVersion: false,
    isPublic: false,
    allowsLivePublicAccess: false,
    indPauseProcessingSamples: false,
    publicProjectListed: false,
  };
}
