import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { parseClusterNodes } from '../../server/store/redisConnection.js';

const secrets = { ORGANISER_KEY: 'k'.repeat(16), TOKEN_SECRET: 's'.repeat(32) };

describe('[RC0] configuration names one Redis or a cluster', () => {
  it('REDIS_CLUSTER_NODES gives seed nodes; REDIS_URL one Redis; not both; bad items are named', () => {
    expect(parseClusterNodes('10.0.0.1:6379, redis-c2:7000,[::1]:6380')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: 'redis-c2', port: 7000 },
        { host: '::1', port: 6380 },
      ],
    });
    expect(parseClusterNodes('10.0.0.1')).toEqual({ error: 'not host:port: 10.0.0.1' });
    expect(parseClusterNodes('h:70000')).toHaveProperty('error');
    expect(parseClusterNodes(' , ')).toEqual({ error: 'no seed node' });

    const cluster = loadConfig({ ...secrets, REDIS_CLUSTER_NODES: '127.0.0.1:7001,127.0.0.1:7002' });
    expect(cluster.redis).toEqual({ kind: 'cluster', nodes: [{ host: '127.0.0.1', port: 7001 }, { host: '127.0.0.1', port: 7002 }] });
    expect(cluster).toMatchObject({ redisUrl: null, demo: false });
    expect(loadConfig({ ...secrets, REDIS_URL: 'redis://r:6379' }).redis).toEqual({ kind: 'single', url: 'redis://r:6379' });
    expect(loadConfig({}).redis).toBeNull();

    expect(() => loadConfig({ ...secrets, REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'r:7001' })).toThrow(/not both/);
    expect(() => loadConfig({ ...secrets, REDIS_CLUSTER_NODES: 'r:7001,nope' })).toThrow(/REDIS_CLUSTER_NODES: not host:port: nope/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'r:7001' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'r:7001' })).toThrow(/TOKEN_SECRET and ORGANISER_KEY/);
  });
});
