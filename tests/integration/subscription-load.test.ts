/**
 * Many subscribers (issue 14): 1 000 `placementChanged` subscriptions open without a
 * MaxListenersExceededWarning, each is one listener on the bus, and closing them returns the
 * listener count exactly, and the heap within a bounded tolerance, to where they started.
 */
import { getEventListeners, getMaxListeners } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { PLACEMENT_CHANGED } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { graphql } from '../support/graphql';
import { subscribe } from '../support/transports';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const bus = () => api.hub.app.services.bus.target;
const listeners = () => getEventListeners(bus(), PLACEMENT_CHANGED).length;
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test('1 000 placementChanged subscriptions open without a leak warning and leave no listener or heap behind when closed', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  const client = createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${await api.keyFor(BIN.STEEL_PLANT, 'READER')}` },
    retryAttempts: 0,
  });
  const query = graphql(`
    subscription {
      placementChanged {
        action
        placement {
          id
        }
      }
    }
  `);
  // Warm up once (schema, loaders, socket) so the heap baseline is not the first-use cost.
  const warm = subscribe(client, query, {}, { next: () => undefined, error: () => undefined, complete: () => undefined });
  await until(() => listeners() === 1);
  warm();
  await until(() => listeners() === 0);

  const startListeners = listeners();
  const startHeap = heapUsed();
  const stops = Array.from({ length: 1000 }, () => subscribe(client, query, {}, { next: () => undefined, error: () => undefined, complete: () => undefined }));
  await until(() => listeners() === startListeners + 1000);
  for (const stop of stops) stop();
  await until(() => listeners() === startListeners);
  await client.dispose();
  const endHeap = heapUsed();
  process.off('warning', onWarning);

  expect(listeners()).toBe(startListeners);
  expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  // Node warns past an EventTarget's max listeners (10 by default); jest's sandboxed `process`
  // does not see that warning, so the limit itself is checked: none (0) on the bus.
  expect(getMaxListeners(bus())).toBe(0);
  // Bounded tolerance: 1 000 leaked subscriptions (context, em fork, iterator) would hold far more.
  expect(endHeap - startHeap).toBeLessThan(8 * 1024 * 1024);
});
