/**
 * `npm run mlflow-workspaces -- [--env NAME | --spec FILE] [--apply] [--print]`: moves the experiments and
 * registered models of MLflow's shared space of earlier releases (now its `default` workspace, which no tenant sees)
 * into their owners' workspaces. It runs a Job in the `mlflow` namespace with the servers' image and credentials,
 * which reads the owners MLflow's basic-auth recorded and calls `mlflow db move-resources` per owner: a dry run
 * listing what would move, unless `--apply`. `--print` writes the Job's manifest instead of creating it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFlags, runCommand, specSourceOf, type PlatformCommand } from '../app/command-args';

const USAGE = `usage: npm run mlflow-workspaces -- [--env NAME | --spec FILE] [--apply] [--print]
  moves each owner's experiments and registered models from MLflow's default workspace into their tenant's
  --apply  move them (without it, a dry run that lists what would move)
  --print  print the Job's manifest (YAML) for kubectl, create nothing`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--apply': 'switch', '--print': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Loaded after the flags: --help and a usage error need none of it.
  const { buildPlatform } = await import('../app/build-platform');
  const { loadSpec } = await import('../app/load-spec');
  const { clusterKubectl } = await import('../app/ensure-secrets');
  const { stringify } = await import('yaml');
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  const { mlflow } = buildPlatform(spec, path.join(os.tmpdir(), 'mlops-platform-mlflow-workspaces'));
  // Basic-auth named users as the site chose: by their name or their email.
  const owners = Object.fromEntries(
    spec.users.flatMap((u) => [
      [u.name, u.name],
      [u.email, u.name],
    ]),
  );
  const job = stringify(mlflow.workspaceMigrationJob(owners, flags.switches.has('--apply')));
  if (flags.switches.has('--print')) {
    process.stdout.write(job);
    return;
  }
  const run = clusterKubectl(spec);
  const kubectl = (args: string[], input?: string) => {
    const result = run(args, input);
    if (result.status !== 0) throw new Error(`kubectl ${args[0]} failed: ${result.stderr.trim()}`);
    return result.stdout.trim();
  };
  const name = kubectl(['create', '-f', '-', '-o', 'name'], job);
  process.stdout.write(`created ${name} (${flags.switches.has('--apply') ? 'moving' : 'dry run'})\n`);
  const namespace = mlflow.namespaceName;
  const waited = run(['-n', namespace, 'wait', '--for=condition=complete', '--timeout=15m', name]);
  process.stdout.write(`${kubectl(['-n', namespace, 'logs', name])}\n`);
  if (waited.status !== 0) throw new Error(`${name} did not complete (${waited.stderr.trim()}); its log is above`);
}

/** `mlops-platform mlflow-workspaces`. */
export const mlflowWorkspacesCommand: PlatformCommand = { name: 'mlflow-workspaces', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'mlflow-workspaces');
