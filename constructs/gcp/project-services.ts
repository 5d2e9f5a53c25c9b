import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { idPart } from './grants';

export interface ProjectServicesProps {
  readonly project: string;
}

/** What an API's service name looks like: `sqladmin.googleapis.com`. */
const API_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*\.googleapis\.com$/;

/**
 * The project services (APIs) the environment's resources need, each enabled once by this stack
 * (`google_project_service`, never disabled on destroy: other stacks of the project may use it).
 * Constructs call `enable('sqladmin.googleapis.com')` and depend on what it returns.
 */
export class ProjectServices extends Construct {
  private readonly enabled = new Map<string, ProjectService>();

  constructor(scope: Construct, id: string, readonly props: ProjectServicesProps) {
    super(scope, id);
  }

  /** Enables `api` (`sqladmin.googleapis.com`) once per stack; resources that call it list the result in `dependsOn`. */
  enable(api: string): ProjectService {
    if (!API_NAME.test(api)) {
      throw new Error(`ProjectServices ${this.node.path}: enable("${api}") is not an API's service name; expected one like "sqladmin.googleapis.com"`);
    }
    let service = this.enabled.get(api);
    if (!service) {
      service = new ProjectService(this, idPart(api.replace(/\.googleapis\.com$/, '')), {
        project: this.props.project,
        service: api,
        // The project outlives this stack: other environments' stacks, and whatever else runs in the project,
        // may use the same API, and disabling it on destroy would break them (Terraform cannot know who else
        // uses it). Disabling an API is a deliberate act done outside Plinth.
        disableOnDestroy: false,
        disableDependentServices: false,
      });
      this.enabled.set(api, service);
    }
    return service;
  }
}
