/**
 * A pack: a named, versioned set of APIs. The API document schema and defineApi() arrive with the API
 * platform; this is the shape core already accepts so packs are handed to createCore(), never imported.
 */
export interface PackDefinition {
  /** The module name the pack's APIs live under (`pptx` in `pptx.addSlide`). */
  name: string;
  /** Semver version. */
  version: string;
  description: string;
}

/** Identity helper that gives a pack definition its full type. */
export function definePack<const P extends PackDefinition>(pack: P): P {
  return pack;
}
