import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { ValidationError } from '../constructs/lib/problems';
import { ENVIRONMENTS } from '../environments';
import { type PlatformSpec, validateSpec } from '../environments/spec';
import { unvendoredChartVersions } from './helm-render';

/** Which environment to load: a shipped one by name, or a YAML/JSON spec file. */
export type SpecSource = { readonly env: string } | { readonly specFile: string };

/**
 * Loads and validates an environment, and checks that every chart version it
 * pins is vendored; throws {@link ValidationError} naming every problem.
 */
export function loadSpec(source: SpecSource, cwd: string): PlatformSpec {
  const spec = readSpec(source, cwd);
  const unvendored = unvendoredChartVersions(spec);
  if (unvendored.length) throw new ValidationError('env' in source ? `environments/${source.env}.ts` : source.specFile, unvendored);
  return spec;
}

function readSpec(source: SpecSource, cwd: string): PlatformSpec {
  if ('env' in source) {
    const input = ENVIRONMENTS[source.env];
    if (!input) {
      throw new ValidationError(`environment "${source.env}"`, [`--env: no environment named "${source.env}"; known: ${Object.keys(ENVIRONMENTS).join(', ')}`]);
    }
    return validateSpec(input, `environments/${source.env}.ts`);
  }
  const file = path.resolve(cwd, source.specFile);
  if (!fs.existsSync(file)) throw new ValidationError(source.specFile, [`--spec: no such file ${file}`]);
  if (!/\.(ya?ml|json)$/.test(file)) throw new ValidationError(source.specFile, ['--spec: must be a .yaml, .yml or .json file']);
  const text = fs.readFileSync(file, 'utf8');
  // JSON through JSON.parse: the YAML parser takes a hundred times longer on a large generated spec.
  if (file.endsWith('.json')) {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new ValidationError(source.specFile, [`${source.specFile}: ${(error as Error).message}`]);
    }
    return validateSpec(input, source.specFile);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length) {
    throw new ValidationError(
      source.specFile,
      document.errors.map((e) => `${source.specFile}: ${e.message.split('\n')[0]}`),
    );
  }
  return validateSpec(document.toJS(), source.specFile);
}
