/**
 * `npm run docs`: writes the documents generated from the code — the
 * guardrail catalogue (`docs/guardrail-catalogue.md`) and the JSON Schema of spec
 * files (`docs/platform-spec.schema.json`). Tests fail when the committed
 * copies differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlags, runCommand } from '../app/command-args';

const USAGE = `usage: npm run docs -- [--check]
  writes docs/guardrail-catalogue.md and docs/platform-spec.schema.json from the code
  --check  write nothing; exit 1 when a committed copy differs`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--check': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Loaded after the flags: --help and a usage error need none of it.
  const { generatedDocs } = await import('../app/generated-docs');
  const { PROJECT_ROOT } = await import('../app/helm-render');
  const stale: string[] = [];
  for (const [file, content] of Object.entries(generatedDocs())) {
    const target = path.join(PROJECT_ROOT, file);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) continue;
    if (flags.switches.has('--check')) stale.push(file);
    else {
      fs.writeFileSync(target, content);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (stale.length) {
    process.stderr.write(`out of date (run npm run docs): ${stale.join(', ')}\n`);
    process.exit(1);
  }
}

runCommand(main, USAGE, 'docs');
