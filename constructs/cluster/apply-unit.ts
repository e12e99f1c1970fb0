import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { terraformName } from '../lib/terraform-names';

/** Properties of an {@link ApplyUnit}. */
export interface ApplyUnitProps {
  /** The unit in the environment's manifest folder: `40-tenants.k8s.yaml` or a kustomize folder `33-kubeflow-auth`. */
  readonly unit: string;
  /** SHA-256 of the unit's content: a change replaces the resource, so `cdktf diff` shows which units change. */
  readonly sha256: string;
  /** The command that applies the unit (the same steps `npm run apply` runs for it). */
  readonly command: string;
  /** Where the command runs, relative to the stack's folder (Terraform runs there). */
  readonly workingDirectory: string;
  /**
   * The unit applied before this one.
   * @default - none: the first unit
   */
  readonly after?: ApplyUnit;
}

/**
 * One apply unit of the manifests as a Terraform resource: Terraform's
 * built-in `terraform_data` (Terraform 1.4 or later; no provider to install
 * or trust; declared as a plain resource type, since cdktf's own class runs
 * `terraform version` at every synthesis) with a
 * `local-exec` provisioner that runs the unit's apply steps, replaced when
 * the unit's content changes and ordered after the previous unit. Destroying
 * it deletes nothing in the cluster: tenant namespaces, volumes and data
 * stay, and the destroy run says so.
 */
export class ApplyUnit extends Construct {
  /** The Terraform resource. */
  public readonly resource: TerraformResource;

  constructor(scope: Construct, id: string, props: ApplyUnitProps) {
    super(scope, id);
    const name = props.unit.replace(/\.k8s\.yaml$/, '');
    this.resource = new TerraformResource(this, 'Resource', {
      terraformResourceType: 'terraform_data',
      dependsOn: props.after ? [props.after.resource] : undefined,
      provisioners: [
        { type: 'local-exec', command: props.command, workingDir: props.workingDirectory },
        {
          type: 'local-exec',
          when: 'destroy',
          command: `echo "${props.unit}: left in the cluster as it is. Destroying the workloads stack deletes no Kubernetes object (tenant namespaces, volumes and data are never deleted this way). Remove objects with kubectl when that is really meant."`,
        },
      ],
    });
    this.resource.addOverride('triggers_replace', { unit: props.unit, sha256: props.sha256 });
    this.resource.overrideLogicalId(terraformName('apply', name));
  }
}
