import { RedisCluster } from './redisCluster.js';
const t0 = Date.now();
const c = await RedisCluster.start();
console.log('started in', Date.now() - t0, c.nodes);
console.log(await c.masterOf('dr:{abc}:log'), await c.masterOf('dr:{xyz}:log'));
await c.stop();
