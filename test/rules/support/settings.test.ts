import { describe, expect, it } from 'vitest';
import { configList, configListMap, configStrings } from '../../../src/rules/support/settings.js';

describe('settings.rta, as rta-lint passes rta.config.yaml to the rules', () => {
  const settings = {
    rta: {
      cache: { helpers: ['cached', 42, 'withCache'], invalidators: 'bust' },
      window: { partitionKeys: { 'orders.v1': ['customerId'], broken: 'x', mixed: ['a', null] } },
    },
  };

  it('reads string lists, keeping only the strings', () => {
    expect(configList(settings, 'cache', 'helpers')).toEqual(['cached', 'withCache']);
    expect(configStrings(settings, 'cache', 'helpers')).toEqual(['cached', 'withCache']);
  });

  it('ignores what does not have the expected shape, as an editor may set anything', () => {
    expect(configList(settings, 'cache', 'invalidators')).toEqual([]);
    expect(configStrings(settings, 'cache', 'invalidators')).toBeUndefined();
    expect(configList({}, 'cache', 'helpers')).toEqual([]);
    expect(configList({ rta: 'yes' }, 'cache', 'helpers')).toEqual([]);
    expect(configList({ rta: { cache: ['helpers'] } }, 'cache', 'helpers')).toEqual([]);
  });

  it('reads maps of lists, dropping entries that are not lists', () => {
    expect(configListMap(settings, 'window', 'partitionKeys')).toEqual({ 'orders.v1': ['customerId'], mixed: ['a'] });
    expect(configListMap(settings, 'window', 'missing')).toBeUndefined();
    expect(configListMap({ rta: { window: { partitionKeys: { x: 1 } } } }, 'window', 'partitionKeys')).toBeUndefined();
  });
});
