#!/usr/bin/env node
// The module developer CLI. Plain Node (20 or 24) runs this file; it registers tsx (the
// repository's TypeScript loader, a root devDependency found from here) and runs the
// TypeScript entry.
import { register } from 'tsx/esm/api';

register();

const { runCli } = await import('../src/cli/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
