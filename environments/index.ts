import { dev } from './dev';
import { onprem } from './onprem';
import type { PlatformSpecInput } from './spec';

/** The environments that ship with the platform, by name. `dev` is the default. */
export const ENVIRONMENTS: Readonly<Record<string, PlatformSpecInput>> = { dev, onprem };

/** The environment `npm run synth` builds when none is named. */
export const DEFAULT_ENVIRONMENT = 'dev';

export * from './spec';
