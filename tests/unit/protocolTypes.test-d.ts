import { describe, expectTypeOf, it } from 'vitest';
import type { Ack, ClientToServerEvents, CommandPayload, CommandResult } from '../../shared/protocol/registry.js';
import type { EventData } from '../../shared/domain/events.js';

describe('[P2] types derived from the registry', () => {
  it('payloads, results and acks follow the schemas', () => {
    expectTypeOf<CommandPayload<'people:rename'>>().toEqualTypeOf<{ personId: string; name: string; cid?: string | undefined }>();
    expectTypeOf<CommandResult<'time:sync'>>().toEqualTypeOf<{ serverTime: number }>();
    expectTypeOf<Ack<'time:sync'>>().toExtend<{ ok: true; serverTime: number } | { ok: false; error: { code: string; message: string } }>();
    expectTypeOf<Parameters<ClientToServerEvents['people:remove']>[0]>().toEqualTypeOf<CommandPayload<'people:remove'>>();
  });

  it('log event data is typed per event type', () => {
    expectTypeOf<EventData<'person:renamed'>>().toEqualTypeOf<{ personId: string; name: string }>();
  });
});
