import noIgnoredWrite from './no-ignored-write.js';

/** Every rule of the plugin, by name (without the `rta/` prefix). */
export const rules = {
  'no-ignored-write': noIgnoredWrite,
};

export type RuleName = keyof typeof rules;
