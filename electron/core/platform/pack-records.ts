import { apiDocumentSchema, type PackManifest } from '../../../apis/sdk';
import type { McpPack } from './mcp/mcp-pack';
import type { McpServerSpec } from './mcp/spec';
import type { ImportedOpenApi } from './openapi/openapi-import';
import type { PackRecord } from './pack-record';
import { reservedModuleReason } from './reserved-names';
import type { PackSource } from './sources/fetch-pack-source';

// What the registry keeps for each pack kind, and the module names derived from a source that has none.

/** The record of a JavaScript pack from its checked source; an update keeps the first install's date. */
export function jsPackRecord(source: PackSource, replacing: PackRecord | undefined, now: string): PackRecord {
  const { manifest } = source;
  return {
    name: manifest.name,
    module: manifest.module,
    version: manifest.version,
    description: manifest.description,
    kind: 'js',
    source: { kind: source.source.kind, ref: source.source.ref, ...(source.source.integrity ? { integrity: source.source.integrity } : {}) },
    main: manifest.main,
    permissions: manifest.permissions,
    installedAt: replacing?.installedAt ?? now,
    updatedAt: now,
    apis: manifest.apis.map((api) =>
      apiDocumentSchema.parse({
        ...api,
        name: `${manifest.module}.${api.name}`,
        module: manifest.module,
        pack: manifest.name,
        version: manifest.version,
        permissions: manifest.permissions,
      }),
    ),
  };
}

/** The record of an imported OpenAPI description: one API per operation, its hosts as the pack's permissions. */
export function openApiPackRecord(
  from: { name: string; module: string; ref: string; imported: ImportedOpenApi },
  replacing: PackRecord | undefined,
  now: string,
): PackRecord {
  const { name, module, ref, imported } = from;
  return {
    name,
    module,
    version: imported.version,
    description: `${imported.title} (OpenAPI ${ref})${imported.description ? `: ${imported.description}` : ''}`.slice(0, 1000),
    kind: 'openapi',
    source: { kind: 'openapi', ref, baseUrl: imported.baseUrl, operations: imported.operations },
    permissions: { folders: [], hosts: imported.hosts },
    installedAt: replacing?.installedAt ?? now,
    updatedAt: now,
    apis: imported.apis,
  };
}

/** The record of a connected MCP server: its tools as APIs, no folders or hosts granted. */
export function mcpPackRecord(from: { name: string; module: string; spec: string; server: McpServerSpec; mcp: McpPack }, now: string): PackRecord {
  const { name, module, spec, server, mcp } = from;
  return {
    name,
    module,
    version: mcp.version,
    description: `MCP server ${spec.trim()}`,
    kind: 'mcp',
    source: { kind: 'mcp', ref: spec.trim(), server },
    permissions: { folders: [], hosts: [] },
    installedAt: now,
    updatedAt: now,
    apis: mcp.documents(),
  };
}

/** A module name from an API's title: `Todo API` → `todoApi`. */
export function moduleFromTitle(title: string): string {
  const words = title.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
  const module = (/^[a-z]/.test(camel) ? camel : `api${camel}`).slice(0, 40) || 'api';
  // A title such as "JSON" or "Math" would shadow a global every program has.
  return reservedModuleReason(module) ? `api${module.charAt(0).toUpperCase()}${module.slice(1)}`.slice(0, 40) : module;
}

/** The manifest a JavaScript pack was installed with, rebuilt from its record. */
export function manifestOf(pack: PackRecord): PackManifest {
  return {
    name: pack.name,
    module: pack.module,
    version: pack.version,
    description: pack.description,
    main: pack.main ?? 'index.js',
    permissions: pack.permissions,
    apis: pack.apis.map((doc) => ({
      name: doc.name.slice(pack.module.length + 1),
      description: doc.description,
      parameters: doc.parameters,
      returns: doc.returns,
      examples: doc.examples,
      composition: doc.composition,
      effects: doc.effects,
    })),
  };
}

/** A module name from the server's command or host: `npx -y @acme/files-server` → `filesServer`. */
export function moduleFromServer(server: McpServerSpec): string {
  const raw =
    server.kind === 'http'
      ? (new URL(server.url).hostname.split('.')[0] ?? 'mcp')
      : ([...server.args].reverse().find((a) => !a.startsWith('-')) ?? server.command);
  const base = raw
    .split(/[\\/]/)
    .pop()!
    .replace(/\.(m?[jt]s|py|exe)$/i, '');
  const words = base.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  const module = /^[a-z]/.test(camel) ? camel : `mcp${camel}`;
  return module.slice(0, 40) || 'mcp';
}
