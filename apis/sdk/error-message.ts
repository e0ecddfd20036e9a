/**
 * The message of anything thrown: an Error's `message`, otherwise the value as a string. The one place this
 * expression is written (a lint rule refuses it elsewhere); packs, core, hosts and the renderer all use it.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
