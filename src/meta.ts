import { readFileSync } from 'node:fs';

interface PackageJson {
  name: string;
  version: string;
  homepage: string;
}

// Read once at load; dist/ and src/ both sit one level below the package root.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;

export const PACKAGE_NAME = pkg.name;
export const VERSION = pkg.version;
export const TOOL_NAME = 'rta-lint';
export const REPOSITORY_URL = 'https://github.com/eslint-plugin-rta/eslint-plugin-rta';
export const INFORMATION_URI = pkg.homepage;

export function ruleDocsUrl(ruleName: string): string {
  return `${REPOSITORY_URL}/blob/v${VERSION}/docs/rules/${ruleName}.md`;
}
