import { Construct } from 'constructs';
import type { Grantee, ModelRegistryMirror } from '../kit';
import type { ProjectServices } from './project-services';

export interface VertexModelRegistryProps {
  readonly project: string;
  readonly region: string;
  readonly services: ProjectServices;
}

/** The Vertex AI Model Registry as the gates' mirror on GCP (see the class comment for what Terraform can and cannot make). */
export class VertexModelRegistry extends Construct implements ModelRegistryMirror {
  readonly registryName = '';

  constructor(scope: Construct, id: string, readonly props: VertexModelRegistryProps) {
    super(scope, id);
    throw new Error(`VertexModelRegistry ${this.node.path}: not built yet`);
  }

  grantPublish(_grantee: Grantee): void {
    throw new Error('not built yet');
  }
}
