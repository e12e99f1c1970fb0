/**
 * The application: `npm run synth [-- --env NAME | --spec FILE]` writes the
 * Terraform JSON and Kubernetes manifests of one environment; `npm run spec`
 * prints the resolved spec. `cdktf synth` and `cdk8s synth` run this file too.
 */
import { runCli } from './app/cli';

try {
  process.exitCode = runCli(process.argv.slice(2), {
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
