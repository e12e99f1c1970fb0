/**
 * The images the platform builds from its own recipes (`images/<folder>`):
 * which an environment uses, where they are pushed, and the upstream base
 * images a build pulls (through the mirror, like every other image).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILT_IMAGES, type BuiltImage, builtImage } from '../constructs/lib/images';
import { PROJECT_ROOT } from './helm-render';

/** One image to build for an environment. */
export interface BuildTarget {
  /** Recipe folder, relative to the repository root. */
  readonly recipe: string;
  /** Where the build is pushed and the cluster pulls it from. */
  readonly image: string;
  /** Prefix for the recipe's base images (`<mirror>/`), empty without a mirror. */
  readonly mirrorPrefix: string;
  /** The upstream base images the build pulls. */
  readonly baseImages: readonly string[];
}

/** The base images of a recipe's Dockerfile (`FROM ${MIRROR}<image>`), upstream references. */
export function recipeBaseImages(recipe: string): string[] {
  const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, recipe, 'Dockerfile'), 'utf8');
  return [...dockerfile.matchAll(/^FROM\s+(?:\$\{MIRROR\})?(\S+)/gm)].map((m) => m[1]);
}

/** The built images among `images` (those under `registry.builds`), each with its recipe. */
export function buildTargets(images: Iterable<string>, builds: string | undefined, mirror: string | undefined): BuildTarget[] {
  if (!builds) return [];
  const used = new Set(images);
  return Object.values(BUILT_IMAGES as Record<string, BuiltImage>)
    .filter((b) => used.has(builtImage(b, builds)))
    .map((b) => ({ recipe: b.recipe, image: builtImage(b, builds), mirrorPrefix: mirror ? `${mirror}/` : '', baseImages: recipeBaseImages(b.recipe) }));
}
