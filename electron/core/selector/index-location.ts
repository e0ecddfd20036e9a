import { join } from 'node:path';
import { selectorIndexSettingsSchema, type SelectorIndexSettings } from '../../shared/settings';

/** Where the selector index lives and how LanceDB reaches it. */
export interface IndexLocation {
  uri: string;
  /** LanceDB storage options (endpoint, region, credentials); undefined on local disk. */
  storageOptions?: Record<string, string>;
  /** On object storage: shared by instances, published in generations (see SharedGenerations). */
  shared: boolean;
}

/** The secret-store names of the object-store credentials (never in settings.json). */
export const INDEX_SECRETS = {
  accessKeyId: 'selector.index.accessKeyId',
  secretAccessKey: 'selector.index.secretAccessKey',
  sessionToken: 'selector.index.sessionToken',
} as const;

export class IndexLocationError extends Error {}

const OBJECT_STORE = /^(s3|gs|az):\/\//;

/** Whether an index URI names object storage (shared, published in generations) rather than a local folder. */
export function isObjectStoreUri(uri: string): boolean {
  return OBJECT_STORE.test(uri);
}

/**
 * Resolves the index location: SWITCHBOARD_SELECTOR_INDEX, else the settings' URI, else `<home>/selector/index`.
 * For s3:// the endpoint and region come from settings, then AWS_ENDPOINT_URL / AWS_REGION; the keys from the
 * secret store, then AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. Throws IndexLocationError
 * on a malformed URI or endpoint, or a half-given key pair.
 */
export async function resolveIndexLocation(input: {
  home: string;
  env: NodeJS.ProcessEnv;
  settings?: SelectorIndexSettings;
  secret?: (name: string) => Promise<string | undefined>;
}): Promise<IndexLocation> {
  const { env } = input;
  const fromEnv = env.SWITCHBOARD_SELECTOR_INDEX?.trim();
  const settings = input.settings ?? selectorIndexSettingsSchema.parse({});
  const uri = fromEnv || settings.uri;
  if (!uri) return { uri: join(input.home, 'selector', 'index'), shared: false };
  if (!isObjectStoreUri(uri)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new IndexLocationError(`unsupported selector index URI ${uri}: use a folder, s3://, gs:// or az://`);
    return { uri, shared: false }; // a folder named by SWITCHBOARD_SELECTOR_INDEX: local disk, as before
  }
  const checked = selectorIndexSettingsSchema.shape.uri.safeParse(uri);
  if (!checked.success) throw new IndexLocationError(`bad selector index URI ${uri}: ${checked.error.issues[0]?.message ?? 'malformed'}`);
  if (!uri.startsWith('s3://')) return { uri, shared: true };

  const secret = input.secret ?? (async () => undefined);
  const endpoint = settings.endpoint ?? (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) throw new IndexLocationError(`bad S3 endpoint ${endpoint}: an http:// or https:// URL`);
  const region = settings.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  const accessKeyId = (await secret(INDEX_SECRETS.accessKeyId)) ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = (await secret(INDEX_SECRETS.secretAccessKey)) ?? env.AWS_SECRET_ACCESS_KEY;
  const sessionToken = (await secret(INDEX_SECRETS.sessionToken)) ?? env.AWS_SESSION_TOKEN;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) throw new IndexLocationError('the S3 access key id and secret access key must be given together');

  const options: Record<string, string> = {};
  if (endpoint) options.endpoint = endpoint;
  // Plain HTTP only to an endpoint the person named with http:// (a service on their own network).
  if (endpoint?.startsWith('http://')) options.allow_http = 'true';
  if (region) options.region = region;
  if (accessKeyId && secretAccessKey) {
    options.aws_access_key_id = accessKeyId;
    options.aws_secret_access_key = secretAccessKey;
    if (sessionToken) options.aws_session_token = sessionToken;
  }
  return { uri, storageOptions: options, shared: true };
}
