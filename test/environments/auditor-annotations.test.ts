import { AUDITOR_CHECKS, NO_AUDITOR_CHECK, reasonAnnotation } from '../../constructs/policy/auditor-annotations';
import { podTemplates } from '../../constructs/policy/inspect';
import { objectRef } from '../../constructs/policy/guardrail';
import { kubeflowUpstreamExemptions } from '../../constructs/kubeflow/upstream-exemptions';
import { ENVIRONMENTS } from '../../environments';
import { allObjects, synthEnvironment } from '../support/synth';

describe('exemptions as the auditors see them, in every environment', () => {
  describe.each(Object.keys(ENVIRONMENTS))('environment %s', (name) => {
    const staged = synthEnvironment(ENVIRONMENTS[name]);
    const objects = allObjects(staged);
    const pods = new Map(podTemplates(objects).map(({ owner, spec }) => [objectRef(owner), spec]));

    test('every exempted rule maps to the auditors’ checks or says why none applies', () => {
      const rules = new Set(
        [...staged.exemptions, ...kubeflowUpstreamExemptions().filter((e) => !e.reason.startsWith('Kubeflow distribution'))].map((e) => e.rule),
      );
      expect([...rules].filter((r) => !(r in AUDITOR_CHECKS) && !(r in NO_AUDITOR_CHECK))).toEqual([]);
    });

    test('every exemption of an object the manifests hold is on the object: our reason, and each auditor’s annotation for what the pod trips', () => {
      const onObjects = staged.exemptions.filter((e) => objects.some((o) => objectRef(o) === e.object));
      expect(onObjects.length).toBeGreaterThan(3);
      for (const exemption of onObjects) {
        const object = objects.find((o) => objectRef(o) === exemption.object)!;
        const annotations = object.metadata.annotations ?? {};
        expect([exemption.object, annotations[reasonAnnotation(exemption.rule)]]).toEqual([exemption.object, exemption.reason]);
        for (const check of (AUDITOR_CHECKS[exemption.rule] ?? []).filter((c) => c.applies(pods.get(exemption.object) ?? {}))) {
          if (check.polaris) expect(annotations[`polaris.fairwinds.com/${check.polaris}-exempt`]).toBe('true');
          if (check.kubeLinter) expect(annotations[`ignore-check.kube-linter.io/${check.kubeLinter}`]).toBeDefined();
          if (check.checkov)
            expect(Object.entries(annotations).filter(([k, v]) => k.startsWith('checkov.io/skip') && v.startsWith(`${check.checkov}=`))).toHaveLength(1);
        }
      }
    });
  });
});
