/**
 * The platform's command from its TypeScript sources (`npx tsx main.ts <command>`):
 * what `bin/mlops-platform.cjs` runs bundled, for working on the sources
 * without the bundle.
 */
import { runPlatformCommand } from './platform-command';

void runPlatformCommand(process.argv.slice(2));
