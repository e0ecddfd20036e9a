// hoodiecrow-imap ships no types: the part of its API the tests use.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';
  interface HoodiecrowMessage {
    raw: string;
    flags?: string[];
    internaldate?: string;
  }
  interface HoodiecrowFolder {
    messages?: HoodiecrowMessage[];
    folders?: Record<string, HoodiecrowFolder>;
    separator?: string;
  }
  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, HoodiecrowFolder>;
    debug?: boolean;
  }
  interface HoodiecrowServer {
    listen(port: number, host: string, callback: () => void): void;
    close(callback: () => void): void;
    server: Server;
  }
  function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
  export = hoodiecrow;
}
