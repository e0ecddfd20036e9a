import type { PackDefinition } from '../../apis/sdk';
import { builtinPackRecord } from '../../electron/core/platform/builtin-runtime';
import type { PackRecord } from '../../electron/core/platform/pack-record';

/** A registry record for a built-in pack definition (the same record core builds at start). */
export function builtinRecord(pack: PackDefinition): PackRecord {
  return builtinPackRecord(pack, new Date(0));
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
