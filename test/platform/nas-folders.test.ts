import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../../environments';
import { allObjects, synthEnvironment } from '../support/synth';

describe('environment onprem: each tenant writes its own NAS folder', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  const objects = allObjects(staged);
  const { owner, uploads, nfs } = staged.spec.storage;
  const writers = staged.spec.users.filter((u) => u.role !== 'viewer');
  const job = objects.find((o) => o.kind === 'CronJob' && o.metadata.name === 'nas-folders')!;
  const script: string = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'nas-folders')!.data!['folders.sh'];

  test('the folder job runs as the storage owner and makes every writer’s folder, group-writable (2770), idempotently', () => {
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: owner.uid, runAsGroup: owner.gid, runAsNonRoot: true });
    const area = objects.find((o) => o.kind === 'PersistentVolume' && o.spec.claimRef?.name === 'nas-folders')!;
    expect(area.spec.csi.volumeAttributes).toEqual({ server: nfs.server, share: `${nfs.share}/${uploads.path}` });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-'));
    const run = () => execFileSync('/bin/sh', ['-c', script.replaceAll("'/nas/", `'${dir}/`)]);
    run();
    run();
    expect(fs.readdirSync(dir).sort()).toEqual(writers.map((u) => u.name).sort());
    for (const u of writers) expect((fs.statSync(path.join(dir, u.name)).mode & 0o7777).toString(8)).toBe('2770');
  });

  test('every writer’s uploads claim is that folder, and what they run carries the owner’s group: notebooks, trials, pipeline steps', () => {
    for (const u of writers.filter((w) => !w.offboarded)) {
      const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === u.name && o.metadata.name === 'uploads')!;
      const volume = objects.find((o) => o.kind === 'PersistentVolume' && o.metadata.name === claim.spec.volumeName)!;
      expect([u.name, volume.spec.csi.volumeAttributes.share, volume.spec.csi.readOnly]).toEqual([u.name, `${nfs.share}/${uploads.path}/${u.name}`, false]);
    }
    const trial = objects.find((o) => o.kind === 'Experiment')!.spec.trialTemplate.trialSpec.spec.template.spec;
    expect(trial.securityContext).toMatchObject({ runAsUser: owner.uid, runAsGroup: owner.gid, fsGroup: owner.gid });
    const notebooks = staged.units.find((u) => u.name === '36-kubeflow-notebooks')!;
    const template = parse(notebooks.configMaps!.find((c) => c.name === 'jupyter-web-app-notebook-template')!.files!['notebook_template.yaml']);
    expect(template.spec.template.spec.securityContext.fsGroup).toBe(owner.gid);
    const pipelines = JSON.stringify(staged.units.find((u) => u.name === '37-kubeflow-pipelines')!.patches);
    expect(pipelines).toContain(JSON.stringify({ name: 'DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP', value: String(owner.gid) }));
  });
});
