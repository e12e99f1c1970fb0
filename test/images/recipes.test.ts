import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../app/helm-render';
import { recipeBaseImages } from '../../app/image-recipes';
import { BUILT_IMAGES, isPinnedImage } from '../../constructs/lib/images';

/** Every version a recipe leaves open: unpinned base images, packages installed without `==`, installs that bypass requirements.txt. */
function recipeProblems(dockerfile: string, requirements: string): string[] {
  const problems: string[] = [];
  for (const [, image] of dockerfile.matchAll(/^FROM\s+(\S+)/gm)) {
    if (!image.startsWith('${MIRROR}')) problems.push(`FROM ${image}: does not pull through \${MIRROR}`);
    if (!isPinnedImage(image.replace('${MIRROR}', ''))) problems.push(`FROM ${image}: no pinned tag or digest`);
  }
  for (const [, command] of dockerfile.matchAll(/^RUN\s+([\s\S]*?)(?<!\\)$/gm)) {
    for (const [install] of command.matchAll(/pip3? install[^&;]*/g)) {
      const rest = install
        .replace(/pip3? install/, '')
        .replace(/\\\n/g, ' ')
        .replace(/(--no-cache-dir|--(index-url|requirement)\s+\S+|-r\s+\S+)/g, '')
        .trim();
      if (rest || !/(--requirement|-r)\s/.test(install)) problems.push(`${install.trim()}: installs packages outside requirements.txt`);
    }
    for (const [install] of command.matchAll(/apt-get install[^&;]*/g)) {
      for (const pkg of install
        .split(/\s+/)
        .slice(2)
        .filter((w) => w && !w.startsWith('-')))
        if (!pkg.includes('=')) problems.push(`apt-get install ${pkg}: no pinned version`);
    }
  }
  for (const line of requirements
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)) {
    if (!/^[A-Za-z0-9][\w.-]*==[\w.]+$/.test(line)) problems.push(`requirements.txt: ${line} is not pinned with ==`);
  }
  return problems;
}

describe('image recipes', () => {
  test.each(Object.entries(BUILT_IMAGES))('%s: every version is pinned, and the image tag names the release it pins', (_, built) => {
    const dir = path.join(PROJECT_ROOT, built.recipe);
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const requirements = fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8');
    expect(recipeProblems(dockerfile, requirements)).toEqual([]);
    expect(built.tag.startsWith(`${built.version}-`)).toBe(true);
    expect(recipeBaseImages(built.recipe)).toEqual([built.base]);
    expect(requirements).toContain(`mlflow==${built.version}\n`);
    for (const driver of ['psycopg2-binary', 'boto3', 'kubernetes', 'mlflow-kubernetes-plugins']) expect(requirements).toMatch(new RegExp(`^${driver}==`, 'm'));
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
  });

  test('the check fails on unpinned bases and packages', () => {
    const dockerfile = 'FROM python:latest\nRUN apt-get install -y curl && pip install boto3\n';
    expect(recipeProblems(dockerfile, 'mlflow>=3\nboto3==1.44.5\n')).toEqual([
      'FROM python:latest: does not pull through ${MIRROR}',
      'FROM python:latest: no pinned tag or digest',
      'pip install boto3: installs packages outside requirements.txt',
      'apt-get install curl: no pinned version',
      'requirements.txt: mlflow>=3 is not pinned with ==',
    ]);
  });
});
