import { packDocuments, type PackDefinition } from '../../apis/sdk';
import type { PackRecord } from '../../electron/core/platform/pack-record';

/** A registry record for a built-in pack definition. */
export function builtinRecord(pack: PackDefinition): PackRecord {
  return {
    name: pack.name,
    module: pack.name,
    version: pack.version,
    description: pack.description,
    kind: 'builtin',
    source: { kind: 'builtin' },
    permissions: { folders: pack.permissions?.folders ?? [], hosts: pack.permissions?.hosts ?? [] },
    installedAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
    apis: packDocuments(pack),
  };
}

/** An installed-pack record with `verbs` as read-only APIs, for registry tests. */
export function jsRecord(name: string, module: string, version: string, verbs: string[]): PackRecord {
  return {
    name,
    module,
    version,
    description: `${name} test pack`,
    kind: 'js',
    source: { kind: 'folder', ref: `/packs/${name}` },
    dir: `/packs/${name}`,
    main: 'index.js',
    permissions: { folders: [], hosts: [] },
    installedAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
    apis: verbs.map((verb) => ({
      name: `${module}.${verb}`,
      module,
      pack: name,
      version,
      description: `The ${verb} operation of ${name}.`,
      parameters: { type: 'object', properties: {} },
      returns: { type: 'null' },
      examples: [],
      composition: '',
      effects: 'read' as const,
      permissions: { folders: [], hosts: [] },
    })),
  };
}
