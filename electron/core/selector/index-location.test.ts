import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../../../test/helpers/core';
import { jsRecord } from '../../../test/helpers/pack-records';
import { startS3, type TestS3 } from '../../../test/helpers/s3-server';
import { selectorIndexSettingsSchema } from '../../shared/settings';
import { INDEX_SECRETS, IndexLocationError, resolveIndexLocation } from './index-location';
import { GENERATIONS_TABLE } from './shared-generations';
import { connectIndex } from './api-index';

const settings = (value: object) => selectorIndexSettingsSchema.parse(value);
const secrets = (values: Record<string, string>) => async (name: string) => values[name];

describe('resolveIndexLocation', () => {
  it('keeps the local folder as the default, and a folder named by SWITCHBOARD_SELECTOR_INDEX local too', async () => {
    expect(await resolveIndexLocation({ home: '/data', env: {} })).toEqual({ uri: join('/data', 'selector', 'index'), shared: false });
    expect(await resolveIndexLocation({ home: '/data', env: { SWITCHBOARD_SELECTOR_INDEX: '/srv/index' } })).toEqual({ uri: '/srv/index', shared: false });
  });

  it('takes endpoint and region from settings and the keys from the secret store, which beat AWS_*', async () => {
    const location = await resolveIndexLocation({
      home: '/data',
      env: { AWS_ACCESS_KEY_ID: 'env-id', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_REGION: 'eu-west-1' },
      settings: settings({ uri: 's3://team-apis/index', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1' }),
      secret: secrets({ [INDEX_SECRETS.accessKeyId]: 'store-id', [INDEX_SECRETS.secretAccessKey]: 'store-secret' }),
    });
    expect(location).toEqual({
      uri: 's3://team-apis/index',
      shared: true,
      storageOptions: {
        endpoint: 'http://127.0.0.1:9000',
        allow_http: 'true',
        region: 'us-east-1',
        aws_access_key_id: 'store-id',
        aws_secret_access_key: 'store-secret',
      },
    });
  });

  it('honours SWITCHBOARD_SELECTOR_INDEX over settings, and AWS_* where settings and the store say nothing', async () => {
    const location = await resolveIndexLocation({
      home: '/data',
      env: {
        SWITCHBOARD_SELECTOR_INDEX: 's3://from-env/prefix',
        AWS_ACCESS_KEY_ID: 'id',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
        AWS_DEFAULT_REGION: 'eu-central-1',
        AWS_ENDPOINT_URL: 'https://s3.example.net',
      },
      settings: settings({ uri: 's3://from-settings/prefix' }),
    });
    expect(location).toEqual({
      uri: 's3://from-env/prefix',
      shared: true,
      storageOptions: {
        endpoint: 'https://s3.example.net',
        region: 'eu-central-1',
        aws_access_key_id: 'id',
        aws_secret_access_key: 'secret',
        aws_session_token: 'token',
      },
    });
  });

  it('refuses a malformed URI, an unknown scheme, a bad endpoint and half a key pair, with the reason', async () => {
    await expect(resolveIndexLocation({ home: '/d', env: { SWITCHBOARD_SELECTOR_INDEX: 's3://No_Such/x' } })).rejects.toThrow(
      /bad selector index URI s3:\/\/No_Such\/x/,
    );
    await expect(resolveIndexLocation({ home: '/d', env: { SWITCHBOARD_SELECTOR_INDEX: 'ftp://host/x' } })).rejects.toThrow(/unsupported selector index URI/);
    await expect(
      resolveIndexLocation({ home: '/d', env: { SWITCHBOARD_SELECTOR_INDEX: 's3://bucket/x', AWS_ENDPOINT_URL: 'localhost:9000' } }),
    ).rejects.toThrow(/bad S3 endpoint/);
    await expect(resolveIndexLocation({ home: '/d', env: { SWITCHBOARD_SELECTOR_INDEX: 's3://bucket/x', AWS_ACCESS_KEY_ID: 'id' } })).rejects.toBeInstanceOf(
      IndexLocationError,
    );
    expect(selectorIndexSettingsSchema.safeParse({ uri: 's3://bucket/x', password: 'no' }).success).toBe(false); // credentials never in settings
  });
});

describe('a core whose settings put the selector index on S3 (s3rver on 127.0.0.1)', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3('core-index');
  });
  afterAll(async () => {
    await s3?.close();
  });

  const core = async (keyId: string) => {
    // No ONNX model here: the selector runs on full text at once (no word-vector build in the background).
    const t = await testCore({ env: { SWITCHBOARD_EMBEDDER: 'onnx' } });
    await t.core.registry.add(jsRecord('deck-pack', 'deck', '1.0.0', ['addSlide', 'setTitle']));
    await t.core.settings.set({
      selector: { index: { uri: `s3://${s3.bucket}/shared/${keyId}`, endpoint: s3.endpoint, region: 'us-east-1', refreshSeconds: 30, keepSeconds: 600 } },
    });
    await t.core.secrets.set(INDEX_SECRETS.accessKeyId, keyId);
    await t.core.secrets.set(INDEX_SECRETS.secretAccessKey, 'S3RVER');
    return t;
  };

  it('builds and searches the index there with the keys from the secret store', async () => {
    const t = await core('S3RVER');
    try {
      const result = await t.core.selector.search('addSlide operation', { k: 3 });
      expect(result.results[0]?.name).toBe('deck.addSlide');
      const db = await connectIndex(`s3://${s3.bucket}/shared/S3RVER`, { ...s3.storageOptions });
      const pointer = await db.openTable(GENERATIONS_TABLE);
      expect(await pointer.countRows()).toBe(1);
      pointer.close();
      db.close();
    } finally {
      await t.close();
    }
  });

  // s3rver checks the access key id but not V4 signatures, so a wrong key id is what it can refuse.
  it('refuses an unknown key with the server’s reason, and writes nothing', async () => {
    const t = await core('NOT-A-KEY');
    try {
      await expect(t.core.selector.search('add a slide', { k: 3 })).rejects.toThrow(/InvalidAccessKeyId|403|Forbidden/i);
      const listing = await (await fetch(`${s3.rawEndpoint}/${s3.bucket}?list-type=2&prefix=shared/NOT-A-KEY/`)).text();
      expect(listing).not.toContain('<Key>');
    } finally {
      await t.close();
    }
  });
});
