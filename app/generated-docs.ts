import * as os from 'node:os';
import * as path from 'node:path';
import { kubeflowUpstreamExemptions } from '../constructs/kubeflow/upstream-exemptions';
import { NOT_APPLICABLE } from '../constructs/policy/catalog';
import { GUARDRAILS, type Suppression } from '../constructs/policy/guardrail-pack';
import { ENVIRONMENTS } from '../environments';
import { platformSpecSchema, validateSpec } from '../environments/spec';
import { z } from 'zod';
import { buildPlatform } from './build-platform';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const byRule = (a: Suppression, b: Suppression) => a.rule.localeCompare(b.rule) || a.object.localeCompare(b.object);

/** The exemptions the constructs record for a spec (composed, not synthesized). */
function recordedExemptions(name: string): Suppression[] {
  const spec = validateSpec(ENVIRONMENTS[name]);
  return [...buildPlatform(spec, path.join(os.tmpdir(), 'guardrail-catalogue')).exemptions, ...spec.guardrails.suppressions];
}

/**
 * `docs/guardrail-catalogue.md`, generated from the code: every rule of the pack with
 * its level, what it checks and the fix; the rules marked not applicable and
 * why; and every exemption the constructs record for each shipped
 * environment and for the vendored Kubeflow distribution, with its reason.
 */
export function guardrailCatalogue(): string {
  const lines = [
    '# Guardrail catalogue',
    '',
    'Generated from the code by `npm run docs`; a test keeps it current. The rule IDs are those of [GUARDRAILS.md](GUARDRAILS.md); PLT rules are the platform’s own.',
    '',
    '## Rules',
    '',
    '| ID | level | checks | fix |',
    '|---|---|---|---|',
    ...[...GUARDRAILS].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })).map((r) => `| ${r.id} | ${r.level} | ${cell(r.title)} | ${cell(r.fix)} |`),
    '',
    '## Not applicable',
    '',
    '| ID | why |',
    '|---|---|',
    ...Object.entries(NOT_APPLICABLE).map(([id, why]) => `| ${id} | ${cell(why)} |`),
    '',
    '## Exemptions',
    '',
    'Each exempts one object from one rule, recorded next to the code that needs it.',
    '',
  ];
  for (const name of Object.keys(ENVIRONMENTS).sort()) {
    lines.push(`### Environment \`${name}\``, '', '| rule | object | reason |', '|---|---|---|');
    lines.push(...recordedExemptions(name).sort(byRule).map((e) => `| ${e.rule} | \`${e.object}\` | ${cell(e.reason)} |`), '');
  }
  lines.push('### The vendored Kubeflow distribution (units 31–38)', '', '| rule | object | reason |', '|---|---|---|');
  lines.push(...kubeflowUpstreamExemptions().sort(byRule).map((e) => `| ${e.rule} | \`${e.object}\` | ${cell(e.reason)} |`), '');
  return lines.join('\n');
}

/** The JSON Schema of spec files, for editors (`docs/platform-spec.schema.json`, `main.ts spec --schema`). */
export function specJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(platformSpecSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
}

/** The documents generated from the code, by path relative to the project. */
export function generatedDocs(): Record<string, string> {
  return { 'docs/guardrail-catalogue.md': guardrailCatalogue(), 'docs/platform-spec.schema.json': specJsonSchema() };
}
