import { type Guardrail, objectRef, ofKind } from '../guardrail';

/** REL-02: deleting or scaling down a StatefulSet keeps its volumes. */
export const rel02ClaimRetention: Guardrail = {
  id: 'REL-02',
  level: 'error',
  title: 'StatefulSet persistentVolumeClaimRetentionPolicy whenDeleted and whenScaled are unset or Retain',
  fix: 'Remove the Delete retention policy.',
  check: ({ objects }) =>
    ofKind(objects, 'StatefulSet')
      .filter((o) => ['whenDeleted', 'whenScaled'].some((k) => (o.spec?.persistentVolumeClaimRetentionPolicy?.[k] ?? 'Retain') !== 'Retain'))
      .map((o) => ({ object: objectRef(o), message: 'deletes its volumes with the StatefulSet' })),
};
