import { isPinnedImage } from '../../lib/images';
import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-19: every image names a version. */
export const sec19PinnedImages: Guardrail = {
  id: 'SEC-19',
  level: 'error',
  title: 'Every image has a tag other than latest, or a digest',
  fix: 'Pin the image to a release tag or a sha256 digest.',
  check: (input) =>
    checkContainers(
      input,
      (c) => typeof c.image === 'string' && isPinnedImage(c.image),
      (c) => `uses unpinned image ${c.image}`,
    ),
};
