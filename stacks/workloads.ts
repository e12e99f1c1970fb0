import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { ApplyUnit } from '../constructs/cluster/apply-unit';
import { addStateBackend } from '../constructs/cluster/state-backend';
import type { PlatformSpec } from '../environments/spec';
import { stackName } from './stack-names';

/** An apply unit of the environment's manifest folder, with the hash of its content. */
export interface UnitContent {
  /** `40-tenants.k8s.yaml`, or a kustomize folder's name. */
  readonly unit: string;
  readonly sha256: string;
}

/** Properties of the {@link WorkloadsStack}. */
export interface WorkloadsStackProps {
  /** The units in apply order. */
  readonly units: readonly UnitContent[];
  /** How the commands name the environment: `--env dev` or `--spec site.yaml` (relative to the project root). */
  readonly specArgs: readonly string[];
  /** Where apply-unit finds the manifests, when not in `dist/<env>` (`--manifests DIR`). */
  readonly manifestsArgs?: readonly string[];
  /** The project root, relative to the stack's folder (where Terraform runs the command). */
  readonly projectRoot: string;
  /** The Secrets the platform needs (`namespace/name`): made to exist before the first unit, again when the list changes. */
  readonly secrets: readonly string[];
}

/**
 * The `workloads` state, for `cdktf deploy`: every manifest file and
 * kustomize unit of `dist/<env>/`, in apply order, applied by the same steps
 * as `npm run apply` (server-side, ApplySet pruning, the tenant check, CRD
 * and rollout waits), after the platform's Secrets are made to exist
 * (`npm run secrets`). One resource per unit; no provider is needed.
 */
export class WorkloadsStack extends TerraformStack {
  /** The unit resources, in apply order. */
  public readonly units: readonly ApplyUnit[];

  constructor(scope: Construct, spec: PlatformSpec, props: WorkloadsStackProps) {
    const name = stackName(spec.name, 'workloads');
    super(scope, name);
    addStateBackend(this, { state: spec.state, stackName: name, kubeconfigPath: spec.kubernetes.configPath, kubeconfigContext: spec.kubernetes.context });
    const secretsCommand = ['npm', 'run', '-s', 'secrets', '--', ...props.specArgs].map(shellWord).join(' ');
    const sha256 = createHash('sha256').update(props.secrets.join('\n')).digest('hex');
    const units: ApplyUnit[] = [new ApplyUnit(this, 'Secrets', { unit: 'secrets', sha256, command: secretsCommand, workingDirectory: props.projectRoot })];
    for (const { unit, sha256 } of props.units) {
      const command = ['npm', 'run', '-s', 'apply-unit', '--', ...props.specArgs, ...(props.manifestsArgs ?? []), '--unit', unit].map(shellWord).join(' ');
      units.push(new ApplyUnit(this, unit, { unit, sha256, command, workingDirectory: props.projectRoot, after: units[units.length - 1] }));
    }
    this.units = units.slice(1);
  }
}

/** A word quoted for the shell where it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
