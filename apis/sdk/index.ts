// The pack-author API, listed by name: what packs, the core and the tests import. A helper added to a file
// here stays internal until it is added below on purpose.

/** The API document: effects, names, limits, the JSON Schema shapes. */
export {
  API_NAME,
  apiDocumentSchema,
  EFFECTS,
  LIMITS,
  MODULE_NAME,
  permissionsSchema,
  SEMVER,
  VERB_NAME,
  type ApiDocument,
  type Effect,
  type JsonSchema,
  type Permissions,
} from './document';

/** The pack manifest (package.json `switchboard` field). */
export { describeIssues, manifestFromPackageJson, packManifestSchema, type PackManifest } from './manifest';

/** Defining a pack and its APIs, and what an API sees when it runs. */
export {
  API_ERROR_CODES,
  ApiError,
  defineApi,
  definePack,
  existsInRun,
  packDocuments,
  type AbortSignalLike,
  type ApiContext,
  type ApiDefinition,
  type ApiErrorCode,
  type ArtifactKind,
  type PackDefinition,
  type PackSettings,
  type StagedEntry,
  type StagingWorkspace,
} from './pack';

/** Reading untrusted office files safely: zip limits, DTD refusal. */
export { assertNoDtd, entryPrefix, inspectOfficePackage, OFFICE_LIMITS, zipEntries, type OfficeKind, type OfficeLimits } from './office-guard';

/** Small helpers packs share. */
export { csvLine, csvValue, parseCsv } from './csv';
export { imageInfo, type ImageInfo } from './image-info';
export { errorMessage } from './error-message';
