import { BUILT_IMAGES, builtImage, isPinnedImage, mirroredImage, PINNED_IMAGES, splitImageReference } from '../../constructs/lib/images';

describe('images', () => {
  test('a built image is pulled from the build registry by its recipe’s name and tag', () => {
    expect(builtImage(BUILT_IMAGES.mlflow, 'registry.lab:5000/builds')).toBe(`registry.lab:5000/builds/mlflow:${BUILT_IMAGES.mlflow.tag}`);
  });

  test('a mirror prefixes the upstream reference', () => {
    expect(mirroredImage(PINNED_IMAGES.minioClient, 'registry.lab:5000/m')).toBe(`registry.lab:5000/m/${PINNED_IMAGES.minioClient}`);
    expect(mirroredImage(PINNED_IMAGES.minioClient)).toBe(PINNED_IMAGES.minioClient);
  });

  test('a reference splits at the tag’s colon, not a registry port’s', () => {
    expect(splitImageReference('registry.lab:5000/m/quay.io/minio/mc:RELEASE.1')).toEqual({
      repository: 'registry.lab:5000/m/quay.io/minio/mc',
      tag: 'RELEASE.1',
    });
    expect(splitImageReference('mysql:8.4')).toEqual({ repository: 'mysql', tag: '8.4' });
    expect(() => splitImageReference('registry.lab:5000/mysql')).toThrow('image registry.lab:5000/mysql has no tag');
    expect(() => splitImageReference('mysql')).toThrow('has no tag');
  });

  test.each([
    ['quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z', true],
    [`quay.io/minio/mc@sha256:${'a'.repeat(64)}`, true],
    ['registry.lab:5000/mysql:8.4', true],
    ['quay.io/minio/mc', false],
    ['quay.io/minio/mc:latest', false],
    ['quay.io/minio/mc:', false],
    ['registry.lab:5000/mysql', false],
    [`quay.io/minio/mc@sha256:${'a'.repeat(63)}`, false],
    [`quay.io/minio/mc@sha256:${'A'.repeat(64)}`, false],
  ])('%s is pinned: %s', (image, pinned) => {
    expect(isPinnedImage(image)).toBe(pinned);
  });

  test('every image the platform names is pinned', () => {
    for (const image of Object.values(PINNED_IMAGES)) expect([image, isPinnedImage(image)]).toEqual([image, true]);
  });
});
