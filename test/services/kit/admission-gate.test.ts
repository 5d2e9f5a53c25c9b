import { AdmissionGate } from '../../../services/kit/server/admission-gate';

describe('AdmissionGate', () => {
  it('lets `concurrent` uploads go, queues `queued` more in order of arrival, and refuses the rest', async () => {
    const gate = new AdmissionGate({ concurrent: 2, queued: 1 });
    const first = await gate.enter();
    const second = await gate.enter();
    const waiting = gate.enter();
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(waiting).toBeDefined();
    expect(gate.enter()).toBeUndefined();

    first?.();
    first?.(); // a second release of the same turn gives nothing away
    const third = await waiting;
    expect(gate.enter()).toBeDefined(); // the queue has room again, but no turn is free
    expect(gate.enter()).toBeUndefined();
    second?.();
    third?.();
  });

  it('refuses limits that cannot work', () => {
    expect(() => new AdmissionGate({ concurrent: 0, queued: 0 })).toThrow('concurrent must be an integer of at least 1; found 0');
    expect(() => new AdmissionGate({ concurrent: 1, queued: -1 })).toThrow('queued must be an integer of at least 0; found -1');
  });
});
