import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { CATEGORIES } from '../src/findings/finding.js';
import { knowledge } from '../src/knowledge/registry.js';

describe('plugin object', () => {
  it('has meta and the four presets', () => {
    expect(plugin.meta.name).toBe('eslint-plugin-rta');
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(plugin.configs).sort()).toEqual(['all', 'recommended', 'recommended-type-checked', 'strict']);
    for (const config of Object.values(plugin.configs)) expect(config.plugins?.rta).toBe(plugin);
  });

  it('recommended enables only rules that work without types; all enables every rule', () => {
    const names = Object.keys(plugin.rules);
    expect(Object.keys(plugin.configs.all.rules ?? {}).sort()).toEqual(names.map((n) => `rta/${n}`).sort());
    for (const id of Object.keys(plugin.configs.recommended.rules ?? {})) {
      const rule = plugin.rules[id.slice(4) as keyof typeof plugin.rules];
      expect(rule.meta.docs?.requiresTypeChecking ?? false).toBe(false);
    }
    expect(plugin.configs.recommended.rules?.['rta/no-ignored-write']).toBe('error');
  });

  it('every rule declares docs url, description, category, messages and an options schema', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.meta.docs?.url).toContain(`docs/rules/${name}.md`);
      expect(rule.meta.docs?.description.length).toBeGreaterThan(20);
      expect(CATEGORIES).toContain(rule.meta.docs?.category);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(Array.isArray(rule.meta.schema)).toBe(true);
    }
  });
});

describe('knowledge tables', () => {
  it('refer only to types they define', () => {
    expect(knowledge.danglingReferences()).toEqual([]);
  });

  it('model the first libraries', () => {
    for (const specifier of ['node:stream', 'stream', 'node:fs', 'node:net', 'node:http', 'kafkajs', 'ws', 'socket.io', 'rxjs', 'pg', 'ioredis', 'prom-client']) {
      expect(knowledge.module(specifier), specifier).toBeDefined();
    }
    expect(knowledge.hasRole('node:fs.WriteStream', 'writable')).toBe(true);
    expect(knowledge.hasRole('node:net.Socket', 'readable')).toBe(true);
    expect(knowledge.hasRole('kafkajs.Consumer', 'kafka-consumer')).toBe(true);
    expect(knowledge.optionHandler('kafkajs.Consumer', 'run', 'eachMessage')?.kind).toBe('consumer-message');
    expect(knowledge.hasRole('node:process.Stdio', 'stdio')).toBe(true);
  });
});
