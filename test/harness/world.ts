// One test file's world: moto, the Config stand-in, and a fault proxy in front of each service.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SNSClient } from '@aws-sdk/client-sns';
import { startConfigStandIn, type ConfigStandIn } from './config-stand-in.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import type { Ledger } from './ledger.js';
import { startMoto, type Moto } from './moto.js';
import type { Endpoints } from './runner.js';
import { motoEc2, motoSns } from './seed.js';

export interface World {
  moto: Moto;
  config: ConfigStandIn;
  proxies: { ec2: FaultProxy; sns: FaultProxy; config: FaultProxy };
  /** What the functions are pointed at: the proxies. */
  endpoints: Endpoints;
  /** Back to an empty account and dashboard, no faults, no recorded calls. */
  reset(): Promise<void>;
  /** Direct clients to moto, for seeding and reading the account's state. */
  ec2: EC2Client;
  sns: SNSClient;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const [moto, config] = await Promise.all([startMoto(), startConfigStandIn()]);
  const [ec2Proxy, snsProxy, configProxy] = await Promise.all([
    startFaultProxy('ec2', moto.url),
    startFaultProxy('sns', moto.url),
    startFaultProxy('config', config.url),
  ]);
  return {
    moto,
    config,
    proxies: { ec2: ec2Proxy, sns: snsProxy, config: configProxy },
    endpoints: { ec2: ec2Proxy.url, sns: snsProxy.url, config: configProxy.url },
    ec2: motoEc2(moto.url),
    sns: motoSns(moto.url),
    reset: async () => {
      await moto.reset();
      config.reset();
      for (const proxy of [ec2Proxy, snsProxy, configProxy]) {
        proxy.clearFaults();
        proxy.calls.length = 0;
      }
    },
    close: async () => {
      await Promise.all([ec2Proxy.close(), snsProxy.close(), configProxy.close(), config.close()]);
      await moto.close();
    },
  };
}

/**
 * Ends a test file's world: records the faults its proxies injected in the ledger, flushes the
 * ledger, and stops the servers (safe when the world never started).
 */
export async function closeWorld(world: World | undefined, ledger: Ledger): Promise<void> {
  if (world) for (const proxy of Object.values(world.proxies)) ledger.faults(proxy);
  ledger.flush();
  await world?.close();
}

/** Sets environment variables for in-process bundle runs; returns the function that puts the old values back. */
export function overrideEnv(env: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
