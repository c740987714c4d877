import { describe, expect, it } from 'vitest';
import { parseDirectives } from '../../src/audit/directives.js';

/** The rules silenced on each line of `text`, as `line: rule,rule`. */
function silenced(text: string, rules: readonly string[]): string[] {
  const directives = parseDirectives(text);
  return text.split('\n').map((_, i) => {
    const line = i + 1;
    return `${String(line)}: ${rules.filter((r) => directives.suppression(r, line) !== undefined).join(',')}`;
  });
}

describe('eslint-disable / eslint-enable blocks for analyzer findings', () => {
  it('a partial eslint-enable re-enables only the rules it names', () => {
    const text = ['x;', '/* eslint-disable rta/a, rta/b -- legacy */', 'x;', '/* eslint-enable rta/a */', 'x;', '/* eslint-enable rta/b */', 'x;'].join('\n');
    expect(silenced(text, ['rta/a', 'rta/b', 'rta/c'])).toEqual(['1: ', '2: rta/a,rta/b', '3: rta/a,rta/b', '4: rta/a,rta/b', '5: rta/b', '6: rta/b', '7: ']);
    expect(parseDirectives(text).suppression('rta/b', 5)).toEqual({ kind: 'inSource', justification: 'legacy' });
  });

  it('eslint-enable of one rule inside a block for all rules leaves the others silenced', () => {
    const text = ['/* eslint-disable */', 'x;', '/* eslint-enable rta/a */', 'x;', '/* eslint-enable */', 'x;'].join('\n');
    expect(silenced(text, ['rta/a', 'rta/b'])).toEqual(['1: rta/a,rta/b', '2: rta/a,rta/b', '3: rta/a,rta/b', '4: rta/b', '5: rta/b', '6: ']);
  });

  it('eslint-enable of a rule no block names changes nothing; a bare eslint-enable ends every block', () => {
    const text = ['/* eslint-disable rta/a */', '/* eslint-enable rta/z */', 'x;', '/* eslint-enable */', 'x;'].join('\n');
    expect(silenced(text, ['rta/a'])).toEqual(['1: rta/a', '2: rta/a', '3: rta/a', '4: rta/a', '5: ']);
  });

  it('line directives still apply to the next or the same line only', () => {
    const text = ['// eslint-disable-next-line rta/a', 'x;', 'y; // eslint-disable-line rta/b', 'z;'].join('\n');
    expect(silenced(text, ['rta/a', 'rta/b'])).toEqual(['1: ', '2: rta/a', '3: rta/b', '4: ']);
  });
});
