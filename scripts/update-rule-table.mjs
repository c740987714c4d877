// Rewrites the rule table in README.md from the built plugin's metadata (run after `npm run build`).
import fs from 'node:fs';
import plugin from '../dist/index.js';
import { ruleTableMarkdown, withRuleTable } from '../dist/rule-table.js';
import { ANALYZERS } from '../dist/analyzers/index.js';

const readmePath = new URL('../README.md', import.meta.url);
const readme = fs.readFileSync(readmePath, 'utf8');
fs.writeFileSync(readmePath, withRuleTable(readme, ruleTableMarkdown(plugin.rules, ANALYZERS.flatMap((a) => a.checks))));
