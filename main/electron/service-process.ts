import { fork } from 'node:child_process';
import { utilityProcess } from 'electron';
import type { TillServicePort } from '../host/service-port';
import type { Endpoint, FromService, ToService } from './protocol';
import { createServiceClient } from './service-client';

export interface ServiceProcessOptions {
  entry: string;
  args: string[];
  /**
   * Development: node_modules holds native modules built for the system Node, so the
   * service runs under that Node as a child process. Packaged: null, and the service
   * runs in an Electron utility process with modules rebuilt for Electron.
   */
  systemNode: string | null;
  onExit(code: number): void;
}

/** Starts the till service in its own process and talks to it over its message channel. */
export function startServiceProcess(
  options: ServiceProcessOptions,
): TillServicePort & { ready: Promise<void> } {
  let stopping = false;
  let client: ReturnType<typeof createServiceClient> | null = null;
  const exited = (code: number | null) => {
    client?.abort();
    if (!stopping) options.onExit(code ?? -1);
  };
  let endpoint: Endpoint<FromService, ToService>;
  let kill: () => void;
  if (options.systemNode) {
    const child = fork(options.entry, options.args, { execPath: options.systemNode, stdio: 'inherit' });
    child.on('exit', exited);
    endpoint = {
      post: (m) => child.send(m),
      onMessage: (l) => child.on('message', (m) => l(m as FromService)),
    };
    kill = () => child.kill();
  } else {
    const child = utilityProcess.fork(options.entry, options.args, {
      serviceName: 'jifen-till-service',
      stdio: 'inherit',
    });
    child.on('exit', exited);
    endpoint = {
      post: (m) => child.postMessage(m),
      onMessage: (l) => child.on('message', (m: unknown) => l(m as FromService)),
    };
    kill = () => child.kill();
  }
  client = createServiceClient(endpoint, () => {
    stopping = true;
    // Give the service a moment to close the database, then make sure it is gone.
    setTimeout(kill, 2000).unref();
  });
  return client;
}
