import { isObject, type Json } from './openapi-schema';

/** How a security scheme's credential is set with `switchboard packs credential`. */
function schemeText(name: string, scheme: unknown): string {
  if (!isObject(scheme)) return `${name} (not described)`;
  const type = typeof scheme.type === 'string' ? scheme.type : '';
  if (type === 'apiKey' && typeof scheme.name === 'string') {
    if (scheme.in === 'header' || scheme.in === 'query')
      return `${name}: an API key in ${scheme.in} ${scheme.name} (--api-key-${scheme.in} ${scheme.name}=<key>)`;
    return `${name}: an API key in cookie ${scheme.name} (cookies cannot be sent from here)`;
  }
  if (type === 'http' && typeof scheme.scheme === 'string' && scheme.scheme.toLowerCase() === 'basic') return `${name}: HTTP basic (--basic <user:password>)`;
  if (type === 'http') return `${name}: a bearer token (--bearer <token>)`;
  if (type === 'oauth2' || type === 'openIdConnect') return `${name}: OAuth 2 (get a token elsewhere, then --bearer <token>)`;
  return `${name}: ${type || 'unknown'} authentication (not supported here)`;
}

/**
 * What an operation needs to authenticate (its own `security`, else the description's), as one sentence,
 * or '' when it needs nothing.
 */
export function securityText(root: Json, op: Json): string {
  const requirements = Array.isArray(op.security) ? op.security : Array.isArray(root.security) ? root.security : [];
  const schemes = isObject(root.components) && isObject(root.components.securitySchemes) ? root.components.securitySchemes : {};
  const names = [...new Set(requirements.filter(isObject).flatMap((r) => Object.keys(r)))];
  if (names.length === 0) return '';
  return `Authentication (set once per pack with switchboard packs credential): ${names.map((n) => schemeText(n, schemes[n])).join('; ')}.`.slice(0, 600);
}

/** Every security scheme the description declares, for the pack's description. */
export function securitySummary(root: Json): string {
  const schemes = isObject(root.components) && isObject(root.components.securitySchemes) ? root.components.securitySchemes : {};
  const names = Object.keys(schemes);
  return names.length ? `Credentials: ${names.map((n) => schemeText(n, schemes[n])).join('; ')}.` : '';
}
