import { describe, expect, it } from 'vitest';
import {
  isRuleSeverity,
  normalizeRuleEntry,
  normalizeRules,
  normalizeSeverity,
  severityToNumber,
} from '../../src/config/severity.js';

describe('severity', () => {
  it('normalises names and numbers', () => {
    expect(normalizeSeverity('off')).toBe('off');
    expect(normalizeSeverity('warn')).toBe('warn');
    expect(normalizeSeverity('error')).toBe('error');
    expect(normalizeSeverity(0)).toBe('off');
    expect(normalizeSeverity(1)).toBe('warn');
    expect(normalizeSeverity(2)).toBe('error');
  });

  it('rejects anything else', () => {
    for (const bad of ['warning', 'ERROR', 3, -1, 1.5, null, undefined, true, {}, []]) {
      expect(isRuleSeverity(bad)).toBe(false);
      expect(() => normalizeSeverity(bad)).toThrow(TypeError);
    }
    expect(() => normalizeSeverity('warning')).toThrow(/invalid severity "warning"/);
  });

  it('splits the array form into severity and options', () => {
    expect(normalizeRuleEntry('warn')).toEqual({ severity: 'warn', options: [] });
    expect(normalizeRuleEntry([2])).toEqual({ severity: 'error', options: [] });
    expect(normalizeRuleEntry(['warn', { defaultConcurrency: 4 }, 'x'])).toEqual({
      severity: 'warn',
      options: [{ defaultConcurrency: 4 }, 'x'],
    });
    expect(() => normalizeRuleEntry([])).toThrow(TypeError);
    expect(() => normalizeRuleEntry(['loud'])).toThrow(TypeError);
  });

  it('normalises a whole rules map and maps back to numbers', () => {
    const rules = normalizeRules({ 'rta/a': 'off', 'rta/b': [1, { x: 1 }] });
    expect([...rules]).toEqual([
      ['rta/a', { severity: 'off', options: [] }],
      ['rta/b', { severity: 'warn', options: [{ x: 1 }] }],
    ]);
    expect(normalizeRules(undefined).size).toBe(0);
    expect(['off', 'warn', 'error'].map((s) => severityToNumber(s as 'off'))).toEqual([0, 1, 2]);
  });
});
