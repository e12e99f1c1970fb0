import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-20: images come from the site's registries when the site lists them. */
export const sec20AllowedRegistries: Guardrail = {
  id: 'SEC-20',
  level: 'error',
  title: 'Every image starts with one of guardrails.allowedRegistries (when the list is not empty)',
  fix: 'Set registry.mirror so every image is pulled through the site registry, or add the registry to guardrails.allowedRegistries.',
  check(input) {
    const allowed = input.facts.allowedRegistries;
    if (!allowed.length) return [];
    return checkContainers(
      input,
      (c) => allowed.some((r) => String(c.image).startsWith(`${r}/`)),
      (c) => `pulls ${c.image}, outside ${allowed.join(', ')}`,
    );
  },
};
