import * as path from 'node:path';

/**
 * alice's tenant as `TenantNamespace` builds it, which the guardrail fixtures start from: kept as JSON so
 * the rule tests (and every mutant Stryker runs them for) load no construct library;
 * tenant-fixture.test.ts keeps it current.
 */
export const TENANT_FIXTURE = path.join(__dirname, 'fixtures', 'tenant-alice.json');
