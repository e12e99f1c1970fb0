import { DNS_LABEL, DNS_SUBDOMAIN, RESERVED_NAMESPACES, TF_SERVING_MODEL, tenantNamespaceProblem } from '../../constructs/lib/naming';

describe('names', () => {
  test.each([
    ['alice', true],
    ['a1-b2', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['-alice', false],
    ['alice-', false],
    ['Alice', false],
    ['al_ice', false],
    ['', false],
  ])('DNS label %j: %s', (name, ok) => {
    expect(DNS_LABEL.test(name)).toBe(ok);
  });

  test.each([
    ['lab.internal', true],
    ['a.b-c.d', true],
    ['lab', true],
    ['lab.', false],
    ['.lab', false],
    ['lab..internal', false],
    ['Lab.internal', false],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false],
  ])('DNS subdomain %j: %s', (name, ok) => {
    expect(DNS_SUBDOMAIN.test(name)).toBe(ok);
  });

  test.each([
    ['alice', undefined],
    ['ab', undefined],
    ['a-b', undefined],
    ['Alice', 'must be a DNS label'],
    ['kube-lab', 'must not start with "kube-"'],
    ['default', 'is a reserved namespace'],
    ['mlflow', 'is a reserved namespace'],
    ['object-store', 'is a reserved namespace'],
    ['a', 'must have at least 2 characters'],
    ['a--b', 'must not contain "--"'],
    ['api', 'is a name MLflow reserves'],
    ['ajax-api', 'is a name MLflow reserves'],
    ['static-files', 'is a name MLflow reserves'],
    ['workspaces', 'is a name MLflow reserves'],
  ])('tenant namespace %j: %s', (name, problem) => {
    const found = tenantNamespaceProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(new RegExp(`^${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('the reserved namespaces are Kubernetes’ own and the platform’s', () => {
    expect([...RESERVED_NAMESPACES].filter((n) => ['kube-system', 'kube-public', 'kube-node-lease', 'default', 'kubeflow', 'vpn'].includes(n)).length).toBe(6);
    expect(RESERVED_NAMESPACES.has('alice')).toBe(false);
  });

  test.each([
    ['cell-detector/3', true],
    ['models/cell-detector/12', true],
    ['cell-detector', false],
    ['cell-detector/v3', false],
    ['/cell-detector/3', false],
    ['cell-detector/3/', false],
  ])('TF Serving model path %j: %s', (model, ok) => {
    expect(TF_SERVING_MODEL.test(model)).toBe(ok);
  });
});
