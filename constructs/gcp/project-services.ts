import type { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';

export interface ProjectServicesProps {
  readonly project: string;
}

/**
 * The project services (APIs) the environment's resources need, each enabled once by this stack
 * (`google_project_service`, never disabled on destroy: other stacks of the project may use it).
 * Constructs call `enable('sqladmin.googleapis.com')` and depend on what it returns.
 */
export class ProjectServices extends Construct {
  constructor(scope: Construct, id: string, readonly props: ProjectServicesProps) {
    super(scope, id);
    throw new Error(`ProjectServices ${this.node.path}: not built yet`);
  }

  /** Enables `api` (`sqladmin.googleapis.com`) once per stack; resources that call it list the result in `dependsOn`. */
  enable(_api: string): ProjectService {
    throw new Error('not built yet');
  }
}
