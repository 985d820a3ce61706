/**
 * OFREP (issue #8, point 8) against the running server, asked by the real
 * `@openfeature/ofrep-provider` through an OpenFeature client: the same answer as the loader's
 * `GET /api/widget/offer` for the same visitor; unknown flag, bad context, missing or wrong key;
 * and no OFREP at all without OFREP_API_KEY.
 */
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature, type JsonValue } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

const KEY = 'ofrep-test-key-0123456789abcdef';

let test: TestServer;
beforeAll(async () => {
  test = await startTestServer({ OFREP_API_KEY: KEY });
});
afterAll(() => test.close());

const context = (visitor: string, extra: Record<string, string> = {}) => ({ targetingKey: visitor, siteId: 'demo', pageUrl: `${test.url}/services/benefits`, language: 'fr', ...extra });

/** What the loader gets for the same visitor, without the frame address and the launcher's look (OFREP has neither). */
async function loaderOffer(visitor: string): Promise<Record<string, unknown>> {
  const query = new URLSearchParams({ site: 'demo', page: `${test.url}/services/benefits`, lang: 'fr', visitor });
  const response = await fetch(`${test.url}/api/widget/offer?${query}`);
  expect(response.status).toBe(200);
  const { frameUrl: _frameUrl, launcher: _launcher, ...offer } = (await response.json()) as Record<string, unknown>;
  return offer;
}

const post = (path: string, body: unknown, key: string | null = KEY) =>
  fetch(`${test.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });

describe('OFREP', () => {
  it('answers the real OFREP provider as the loader is answered, visitor by visitor, offered or not', async () => {
    // Narrow the share so that some visitors are offered and some are not.
    const { services } = test.server;
    const site = await services.sites.require('demo');
    const policy = await services.rollout.policyOf(site);
    await services.rollout.replace({ ...policy, chat: { ...policy.chat, share: 50 }, version: policy.version + 1 }, policy.version);

    OpenFeature.setProvider('ofrep-test', new OFREPProvider({ baseUrl: test.url, headers: { authorization: `Bearer ${KEY}` } }));
    const client = OpenFeature.getClient('ofrep-test');
    const states = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const visitor = `ofrep-visitor-${i.toString().padStart(4, '0')}`;
      const details = await client.getObjectDetails('chat-offer', {} as JsonValue, context(visitor));
      expect(details.errorCode).toBeUndefined();
      expect(details.value).toEqual(await loaderOffer(visitor));
      expect(details.variant).toBe((details.value as { state: string }).state);
      // OFREP carries no type: the flag is an object there, and a boolean asked of it does not fit.
      expect((await client.getBooleanDetails('chat-offer', false, context(visitor))).errorCode).toBe('TYPE_MISMATCH');
      states.add(details.variant!);
    }
    expect(states).toEqual(new Set(['offered', 'refused']));
  });

  it('says FLAG_NOT_FOUND for another flag and INVALID_CONTEXT for a bad context, through the provider and on the wire', async () => {
    const client = OpenFeature.getClient('ofrep-test');
    const unknown = await client.getObjectDetails('dark-mode', {} as JsonValue, context('ofrep-visitor-0001'));
    expect(unknown.errorCode).toBe('FLAG_NOT_FOUND');
    const bad = await client.getObjectDetails('chat-offer', {} as JsonValue, context('short'));
    expect(bad.errorCode).toBe('INVALID_CONTEXT');

    const notFound = await post('/ofrep/v1/evaluate/flags/dark-mode', { context: context('ofrep-visitor-0001') });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ key: 'dark-mode', errorCode: 'FLAG_NOT_FOUND' });
    for (const body of [{ context: context('ofrep-visitor-0001', { language: 'de' }) }, { context: context('ofrep-visitor-0001', { siteId: 'nope' }) }, { context: [] }]) {
      const response = await post('/ofrep/v1/evaluate/flags/chat-offer', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ key: 'chat-offer', errorCode: 'INVALID_CONTEXT' });
    }
    const missing = await post('/ofrep/v1/evaluate/flags/chat-offer', { context: { siteId: 'demo' } });
    expect(await missing.json()).toMatchObject({ errorCode: 'TARGETING_KEY_MISSING' });
  });

  it('evaluates every flag in bulk: chat-offer, as the single form does', async () => {
    const visitor = 'ofrep-visitor-bulk-0001';
    const response = await post('/ofrep/v1/evaluate/flags', { context: context(visitor) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { flags: Array<{ key: string; value: unknown }> };
    expect(body.flags).toHaveLength(1);
    expect(body.flags[0]).toMatchObject({ key: 'chat-offer', value: await loaderOffer(visitor) });
    const bad = await post('/ofrep/v1/evaluate/flags', { context: { targetingKey: visitor } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: 'INVALID_CONTEXT' });
  });

  it('refuses a missing or wrong key with 401, and its guesses soon with 429', async () => {
    expect((await post('/ofrep/v1/evaluate/flags/chat-offer', { context: context('ofrep-visitor-0001') }, null)).status).toBe(401);
    expect((await post('/ofrep/v1/evaluate/flags', { context: context('ofrep-visitor-0001') }, `${KEY}x`)).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post('/ofrep/v1/evaluate/flags/chat-offer', {}, `guess-${i}`)).status);
    expect(statuses).toContain(429);
  });
});

describe('without OFREP_API_KEY', () => {
  it('has no OFREP: its addresses are not found', async () => {
    const off = await startTestServer();
    try {
      const response = await fetch(`${off.url}/ofrep/v1/evaluate/flags/chat-offer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
