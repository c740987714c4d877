#!/usr/bin/env node
// The hook goes in before anything loads typescript-eslint (see dist/audit/own-typescript.js).
await import('../dist/audit/own-typescript.js');

let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (error) {
  // The contract's exit status for a failure of the tool itself.
  process.stderr.write(`rta-lint: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
