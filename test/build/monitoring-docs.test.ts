/**
 * README.md's "Monitoring" section against a real server: its alert rules are well-formed
 * Prometheus rule YAML (groups of rules, each an alert with an expression, a duration, string
 * labels and annotations), and every metric it names, in the rules and the table, is one a server
 * exposes. (PromQL itself is not parsed here; `promtool check rules` does that where installed.)
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePrometheusText, type MetricFamily } from '../support/prometheus-text.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'docs-metrics-token-0123456789';
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const RULE_KEYS = new Set(['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

describe('README, Monitoring', () => {
  let section: string;
  let test: TestServer;
  let families: Map<string, MetricFamily>;

  beforeAll(async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n## Monitoring\n');
    expect(start).toBeGreaterThan(0);
    const end = readme.indexOf('\n## ', start + 1);
    section = readme.slice(start, end === -1 ? undefined : end);
    test = await startTestServer({ METRICS_TOKEN: TOKEN });
    const response = await fetch(`${test.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    families = parsePrometheusText(await response.text());
  });
  afterAll(async () => {
    await test?.close();
  });

  const yamlBlocks = () => [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1]!) as unknown);
  /** Names a query may use: every family, and a histogram's or summary's series. */
  const exposed = () =>
    new Set(
      [...families.values()].flatMap((family) =>
        family.type === 'histogram' ? [family.name, `${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`] : [family.name],
      ),
    );

  it('gives alert rules that are well-formed rule YAML', () => {
    const rules = yamlBlocks().find((block): block is { groups: unknown } => typeof block === 'object' && block !== null && 'groups' in block);
    expect(rules).toBeDefined();
    const groups = rules!.groups as Array<Record<string, unknown>>;
    expect(Array.isArray(groups)).toBe(true);
    const names = new Set<string>();
    for (const group of groups) {
      expect(Object.keys(group).sort()).toEqual(['name', 'rules']);
      expect(typeof group.name).toBe('string');
      for (const rule of group.rules as Array<Record<string, unknown>>) {
        for (const key of Object.keys(rule)) expect(RULE_KEYS, key).toContain(key);
        expect(rule.alert).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
        expect(names.has(rule.alert as string), `${rule.alert} twice`).toBe(false);
        names.add(rule.alert as string);
        expect(typeof rule.expr).toBe('string');
        expect((rule.expr as string).length).toBeGreaterThan(0);
        if (rule.for !== undefined) expect(rule.for).toMatch(DURATION);
        for (const [name, value] of Object.entries((rule.labels ?? {}) as Record<string, unknown>)) {
          expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
          expect(typeof value).toBe('string');
        }
        for (const value of Object.values((rule.annotations ?? {}) as Record<string, unknown>)) expect(typeof value).toBe('string');
      }
    }
    // The alerts the issue asks for: oldest wait, nobody available, store errors, event-loop lag, /readyz.
    const exprs = groups.flatMap((group) => (group.rules as Array<{ expr: string }>).map((rule) => rule.expr)).join('\n');
    for (const needed of ['govchat_queue_oldest_wait_seconds', 'govchat_queue_agents', 'govchat_store_errors_total', 'nodejs_eventloop_lag', 'readyz']) {
      expect(exprs).toContain(needed);
    }
  });

  it('names only metrics a server exposes', () => {
    const named = new Set([...section.matchAll(/\b((?:govchat|nodejs)_[a-z0-9_]+)\b/g)].map((match) => match[1]!));
    expect(named.size).toBeGreaterThan(10);
    const available = exposed();
    for (const name of named) expect(available, name).toContain(name);
  });

  it('lists every govchat metric a server exposes', () => {
    const listed = new Set([...section.matchAll(/`(govchat_[a-z0-9_]+)`/g)].map((match) => match[1]!));
    for (const family of families.values()) if (family.name.startsWith('govchat_')) expect(listed, family.name).toContain(family.name);
  });
});
