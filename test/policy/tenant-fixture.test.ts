import * as fs from 'node:fs';
import { StaticNfsVolume } from '../../constructs/tenancy/static-nfs-volume';
import { TenantNamespace } from '../../constructs/tenancy/tenant-namespace';
import { synthConstruct } from '../support/synth';
import { TENANT_FIXTURE } from './fixtures';

/** The tenant the guardrail fixtures start from: a data scientist's namespace with the shared dataset. */
function buildTenantFixture() {
  return synthConstruct((scope) => {
    const dataset = new StaticNfsVolume(scope, 'Dataset', {
      namespace: 'alice',
      claimName: 'dataset',
      volumeName: 'dataset-alice',
      server: 'nas01.lab.internal',
      share: '/export/mlops',
      path: 'datasets/cells',
      mountOptions: ['nfsvers=4.1'],
      capacity: '2Ti',
      component: 'dataset',
    });
    dataset.claim(scope, 'DatasetClaim');
    new TenantNamespace(scope, 'Tenant', {
      user: 'alice',
      email: 'alice@lab.example.org',
      access: 'data-scientist',
      quota: { gpus: 2, cpu: '16', memory: '64Gi', storage: '100Gi' },
      podSecurityVersion: 'v1.31',
      platformEgress: [{ namespace: 'mlflow', ports: [{ port: 5000 }] }],
    });
  });
}

describe('the guardrail fixtures’ tenant', () => {
  test('is what TenantNamespace builds today (UPDATE_FIXTURES=1 rewrites it)', () => {
    const built = `${JSON.stringify(buildTenantFixture(), null, 2)}\n`;
    if (process.env.UPDATE_FIXTURES === '1') fs.writeFileSync(TENANT_FIXTURE, built);
    expect(fs.readFileSync(TENANT_FIXTURE, 'utf8')).toBe(built);
  });
});
