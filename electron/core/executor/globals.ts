/**
 * What an action program sees besides the API namespaces, as declarations. The verifier checks programs
 * against them and the planner shows them to the model; the sandbox prelude implements them.
 */
export const PROGRAM_GLOBALS = `/**
 * Action program environment. The program is the body of an async function: use await at the top level
 * and end with \`return <value>\` (JSON-serialisable) to report the result.
 *
 * Error rule (every API): an awaited API call resolves to its declared return value, or THROWS an
 * ApiCallError whose \`code\` says what went wrong (e.g. NOT_FOUND, INVALID_ARGUMENTS, DENIED when the
 * person refused an approval, LIMIT_EXCEEDED, UNAVAILABLE when a tool the API needs is not installed). Catch it with try/catch to inspect \`code\` and
 * \`message\` and carry on; an uncaught one ends the program with that error.
 * Only standard JavaScript (ES2023: Math, JSON, Date, arrays, strings, Map, Set, RegExp) is available:
 * no imports, no require, no timers, no network, no file system except through the APIs.
 */
type ApiCallErrorCode =
  | 'INVALID_ARGUMENTS' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'INVALID_FILE' | 'TOO_LARGE' | 'UNAVAILABLE'
  | 'API_ERROR' | 'TIMEOUT' | 'CANCELLED' | 'PACK_CRASHED' | 'DENIED' | 'LIMIT_EXCEEDED';

/** Thrown by an awaited API call that failed. */
declare class ApiCallError extends Error {
  /** The API that failed, as \`module.verb\`. */
  readonly api: string;
  readonly code: ApiCallErrorCode;
}

/** Reports progress to the person; values that are not strings are shown as JSON. */
declare function log(...items: unknown[]): void;

/** Files the person attached to the request. Pass \`handle\` wherever an API asks for a file path. */
declare const attachments: readonly { readonly handle: string; readonly name: string; readonly size: number }[];
`;
