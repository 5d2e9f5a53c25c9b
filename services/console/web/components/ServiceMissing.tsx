import type { ServiceName } from '../api';

const FLAGS: Record<ServiceName, string> = { tracking: '--tracking-url', gates: '--gates-url', drift: '--drift-url', inference: '--inference-url' };

/** A service the console was started without: what the page cannot show, and the flag that adds it. */
export function ServiceMissing({ service, what }: { service: ServiceName; what: string }) {
  return (
    <p class="notice">
      The {service} service is not configured in this console, so it cannot show {what}. Start <code>plinth console</code> with <code>{FLAGS[service]}</code>.
    </p>
  );
}
