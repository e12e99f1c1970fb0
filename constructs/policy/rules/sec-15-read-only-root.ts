import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-15: container filesystems are immutable; writable paths come from volumes. */
export const sec15ReadOnlyRoot: Guardrail = {
  id: 'SEC-15',
  level: 'error',
  title: 'securityContext.readOnlyRootFilesystem is true on every container',
  fix: 'Set readOnlyRootFilesystem: true and mount an emptyDir where the program writes (/tmp).',
  check: (input) =>
    checkContainers(
      input,
      (c) => c.securityContext?.readOnlyRootFilesystem === true,
      () => 'has a writable root filesystem',
    ),
};
