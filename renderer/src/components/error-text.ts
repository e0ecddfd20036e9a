import type { ResultError } from '../../../electron/shared/result';

/** One readable sentence for an error from core; the code stays visible for bug reports. */
export function describeError(error: ResultError): string {
  const text = error.message.trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
