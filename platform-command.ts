/**
 * The platform's command, `mlops-platform <command> [options]`: every
 * operation on an environment from one entry point. `bin/mlops-platform.cjs`
 * runs it as one bundled file (rebuilt when a source changed); the npm
 * scripts call it.
 */
import { runCli } from './app/cli';
import { type PlatformCommand, runCommand } from './app/command-args';
import { deployCommand } from './scripts/deploy';
import { diagramCommand } from './scripts/diagram';
import { imagesCommand } from './scripts/images';
import { mirrorCommand } from './scripts/mirror';
import { mlflowWorkspacesCommand } from './scripts/mlflow-workspaces';
import { restoreCommand } from './scripts/restore';
import { secretsCommand } from './scripts/secrets';

/** Commands that read their own options from `process.argv`, by the name users type. */
const COMMANDS: Readonly<Record<string, PlatformCommand>> = {
  plan: deployCommand,
  apply: deployCommand,
  'apply-unit': deployCommand,
  images: imagesCommand,
  mirror: mirrorCommand,
  diagram: diagramCommand,
  secrets: secretsCommand,
  restore: restoreCommand,
  'mlflow-workspaces': mlflowWorkspacesCommand,
};

/** What `synth`, `spec` and `diff` are: the synthesizer's own command line. */
const SYNTHESIZER = ['synth', 'spec', 'diff'];

const USAGE = `usage: mlops-platform <command> [options]   (--help after a command for its options)
  synth | spec | diff                 synthesize an environment, print its resolved spec, compare with the last synth
  plan | apply | apply-unit           Terraform plan and apply of both stacks, one unit's apply
  images | mirror                     the images and charts an environment uses, and copying them to the site's mirror
  diagram | secrets | restore         the platform drawn, the Secrets it needs made, one data item restored
  mlflow-workspaces                   move MLflow's shared experiments into their owners' workspaces`;

/** Runs one command line (without `node` and the script). */
export async function runPlatformCommand(argv: readonly string[]): Promise<void> {
  const [name = 'synth', ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (SYNTHESIZER.includes(name) || name.startsWith('-')) {
    try {
      process.exitCode = runCli([...argv], {
        cwd: process.cwd(),
        env: process.env,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    } catch (error) {
      process.stderr.write(`synthesis failed: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
      process.exitCode = 1;
    }
    return;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // The commands read their options as their scripts always have: from the third element on (deploy's first is the action).
  process.argv = [process.argv[0], name, ...(command === deployCommand ? [name] : []), ...rest];
  await runCommand(command.main, command.usage, command.name);
}
