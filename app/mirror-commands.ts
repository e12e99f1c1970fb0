import type { Inventory } from './image-inventory';

/** The tools that copy images between registries. */
export type CopyTool = 'crane' | 'skopeo';

/** One command of the mirroring plan. */
export interface MirrorCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** The mirroring plan: commands to run, and what a person must do by hand. */
export interface MirrorPlan {
  readonly commands: readonly MirrorCommand[];
  readonly notes: readonly string[];
}

/**
 * The commands that fill a site's mirror from upstream: each image the
 * environment pulls through `registry.mirror` copied from its upstream
 * reference (by digest where upstream pins one, keeping the tag in the
 * mirror), and each vendored chart pushed to `registry.charts` (OCI).
 */
export function mirrorPlan(found: Inventory, tool: CopyTool, chartRegistry?: string): MirrorPlan {
  const commands: MirrorCommand[] = [];
  const notes: string[] = [];
  for (const { image, upstream } of found.images) {
    if (image === upstream) continue; // the site's own images, and those the pipeline builds
    const target = image.replace(/@sha256:[a-f0-9]{64}$/, '');
    commands.push(
      tool === 'crane'
        ? { command: 'crane', args: ['copy', upstream, target] }
        : { command: 'skopeo', args: ['copy', '--all', '--preserve-digests', `docker://${upstream}`, `docker://${target}`] },
    );
  }
  const archives = [...new Set(found.charts.map((c) => c.archive))];
  if (chartRegistry?.startsWith('oci://')) {
    for (const archive of archives) commands.push({ command: 'helm', args: ['push', archive, chartRegistry] });
  } else if (archives.length) {
    notes.push(
      `registry.charts is ${chartRegistry ? `"${chartRegistry}" (not OCI)` : 'not set'}: copy ${archives.length} vendored charts (vendor/charts/) into the site's chart repository and re-index it (helm repo index)`,
    );
  }
  return { commands, notes };
}
