/** Types of sandbox-intl.mjs (plain JavaScript: the sandbox worker imports it without a loader). */
export declare const MAX_INTL_REQUEST: number;
/** One JSON Intl request from a program in, `{ ok, value }` or `{ ok: false, name, message }` as JSON out. */
export declare function intlHost(text: string): string;
/** The guest half, evaluated in QuickJS before the program. */
export declare const INTL_PRELUDE: string;
