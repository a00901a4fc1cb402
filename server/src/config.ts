import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';

/**
 * The product's configuration, read from the environment and validated once at boot; the server reads
 * no other variable. PORT (3000), HOST (127.0.0.1), DATABASE_URL (a SQLite file path, default
 * ./data/yaojia.sqlite, or postgres://user:pass@host/db), MEILI_URL + MEILI_MASTER_KEY (when unset, the
 * bundled Meilisearch is started), MEILI_DATA_DIR, MEILI_INDEX_PREFIX (yaojia_: several deployments or
 * test runs sharing one Meilisearch each keep their own index), LOG_LEVEL, H5_DIR, REPORT_RATE_LIMIT (10),
 * SEARCH_CACHE_SIZE (2000), API_WORKERS (1: processes `pnpm serve` runs; auto: one per core), TRUST_PROXY (unset: no
 * proxy is trusted), OPEN_DATA_DIR (./data/open-data) + OPEN_DATA_KEEP (12): where the open datasets go
 * and how many exports stay. UPLOAD_DIR (./data/uploads): where report and shortage photos are kept. Alerts (issue 16): WECHAT_APPID + WECHAT_SECRET + WECHAT_TEMPLATE_PRICE_DROP +
 * WECHAT_TEMPLATE_RESTOCK (all or none: without them only H5 alerts, shown in 我的提醒), WECHAT_API_BASE
 * (https://api.weixin.qq.com), ALERT_WORKER (on: `pnpm serve` delivers alerts; off: `pnpm admin alerts
 * deliver` does), ALERT_LEASE_SECONDS (60: how long a delivery attempt holds its notification). TARO_APP_MAP_TILES (unset: no
 * map on H5, the list only): the map tile URL template, e.g. https://tiles.example.cn/{z}/{x}/{y}.png — the same
 * variable the miniapp build reads; the server hands it to the H5 page at run time and allows its host in the CSP.
 */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  meiliUrl: string | null;
  meiliMasterKey: string | null;
  /** where the bundled Meilisearch keeps its data */
  meiliDataDir: string;
  /** the index names' prefix (`<prefix>products`) */
  meiliIndexPrefix: string;
  logLevel: string;
  /** the built H5 page to serve at /, if present */
  h5Dir: string | null;
  /** number of requests per minute per IP for write endpoints */
  reportRateLimit: number;
  /** recent search answers kept in memory per API process; 0 turns the cache off */
  searchCacheSize: number;
  /** API processes `pnpm serve` runs on the one port (node:cluster); they share nothing but the database */
  apiWorkers: number;
  /**
   * Which reverse proxies may name the client in X-Forwarded-For: false (none: the socket address is the
   * client), a hop count, or a list of addresses/CIDRs. Rate limits key on the client address, so trusting
   * every hop would let any caller pick its own.
   */
  trustProxy: false | number | string[];
  /** where each publish writes the open datasets (open-data/export.ts) */
  openDataDir: string;
  /** how many of a region's dataset versions stay downloadable */
  openDataKeep: number;
  /** where photos of price tags, receipts and shortage evidence are kept (re-encoded, no EXIF) */
  uploadDir: string;
  /** the WeChat mini-program behind subscribe messages; null: alerts reach the H5 我的提醒 only */
  wechat: WeChatConfig | null;
  /** WECHAT_API_BASE: the WeChat server API (a fake on loopback in tests) */
  wechatApiBase: string;
  /** whether `pnpm serve` runs the alert delivery worker (ALERT_WORKER) */
  alertWorker: boolean;
  /** seconds a delivery attempt holds its notification before another worker may take it again */
  alertLeaseSeconds: number;
  /** TARO_APP_MAP_TILES: the H5 map's tile URL template; null: the H5 shows the list only */
  mapTiles: string | null;
}

export interface WeChatConfig {
  appId: string;
  secret: string;
  /** subscribe-message template ids, chosen in the mini-program's admin console */
  templates: { price_drop: string; restock: string };
}

function wechatConfig(env: NodeJS.ProcessEnv): WeChatConfig | null {
  const names = ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TEMPLATE_PRICE_DROP', 'WECHAT_TEMPLATE_RESTOCK'] as const;
  const set = names.filter((n) => env[n]?.trim());
  if (set.length === 0) return null;
  if (set.length < names.length) {
    throw new ConfigError(`WeChat alerts need all of ${names.join(', ')}; missing ${names.filter((n) => !set.includes(n)).join(', ')}`);
  }
  return {
    appId: env.WECHAT_APPID!.trim(),
    secret: env.WECHAT_SECRET!.trim(),
    templates: { price_drop: env.WECHAT_TEMPLATE_PRICE_DROP!.trim(), restock: env.WECHAT_TEMPLATE_RESTOCK!.trim() },
  };
}

function onOff(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (!v) return def;
  if (['1', 'on', 'true', 'yes'].includes(v)) return true;
  if (['0', 'off', 'false', 'no'].includes(v)) return false;
  throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
}

/** A tile URL template: http(s), with {z}, {x} and {y}; {s} (subdomains) is allowed in the host. */
function mapTiles(value: string | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (!/^https?:\/\/[^/\s]+\/\S*$/.test(v) || !['{z}', '{x}', '{y}'].every((p) => v.includes(p))) {
    throw new ConfigError(`TARO_APP_MAP_TILES must be an http(s) URL template with {z}, {x} and {y}, got "${value}"`);
  }
  return v;
}

/** DATABASE_URL names PostgreSQL (`postgres://` or `postgresql://`); anything else is a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDRs */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'none' || v === '0') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY hop count must be 0–10, got "${value}"`);
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (PROXY_RANGE_NAMES.has(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (!family || !prefixOk || rest.length) {
      throw new ConfigError(`TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses/CIDRs, got "${value}" ("${entry}")`);
    }
  }
  return entries;
}

/** A whole number from min to max, or the default when the variable is unset or empty. */
function intVar(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const reportRateLimit = intVar(env, 'REPORT_RATE_LIMIT', 10, 1, 100_000);
  const searchCacheSize = intVar(env, 'SEARCH_CACHE_SIZE', 2000, 0, 10_000_000);
  const databaseUrl = env.DATABASE_URL ?? './data/yaojia.sqlite';
  const meiliUrl = env.MEILI_URL || null;
  const meiliMasterKey = env.MEILI_MASTER_KEY || null;
  if (meiliUrl && !meiliMasterKey) throw new ConfigError('MEILI_URL is set but MEILI_MASTER_KEY is not');
  // auto: one API process per core this machine gives us (a province's production setting)
  const apiWorkers = env.API_WORKERS === 'auto' ? Math.min(64, availableParallelism()) : Number(env.API_WORKERS ?? 1);
  if (!Number.isInteger(apiWorkers) || apiWorkers < 1 || apiWorkers > 64) throw new ConfigError(`API_WORKERS must be 1–64 or auto, got "${env.API_WORKERS}"`);
  const openDataKeep = Number(env.OPEN_DATA_KEEP ?? 12);
  if (!Number.isInteger(openDataKeep) || openDataKeep < 1 || openDataKeep > 1000) throw new ConfigError(`OPEN_DATA_KEEP must be 1–1000, got "${env.OPEN_DATA_KEEP}"`);
  const wechatApiBase = (env.WECHAT_API_BASE?.trim() || 'https://api.weixin.qq.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(wechatApiBase)) throw new ConfigError(`WECHAT_API_BASE must be an http(s) URL, got "${env.WECHAT_API_BASE}"`);
  const meiliIndexPrefix = env.MEILI_INDEX_PREFIX?.trim() || 'yaojia_';
  if (!/^[a-z0-9_]{1,40}$/.test(meiliIndexPrefix)) throw new ConfigError(`MEILI_INDEX_PREFIX must be 1–40 of a-z 0-9 _, got "${env.MEILI_INDEX_PREFIX}"`);
  const dbFile = databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: isPostgresUrl(databaseUrl) ? databaseUrl : dbFile === ':memory:' ? dbFile : resolve(dbFile),
    meiliUrl,
    meiliMasterKey,
    meiliDataDir: resolve(env.MEILI_DATA_DIR ?? './data/meili'),
    meiliIndexPrefix,
    logLevel: env.LOG_LEVEL ?? 'info',
    h5Dir: env.H5_DIR ? resolve(env.H5_DIR) : null,
    reportRateLimit,
    searchCacheSize,
    apiWorkers,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    openDataDir: resolve(env.OPEN_DATA_DIR ?? './data/open-data'),
    openDataKeep,
    uploadDir: resolve(env.UPLOAD_DIR ?? './data/uploads'),
    wechat: wechatConfig(env),
    wechatApiBase,
    alertWorker: onOff(env, 'ALERT_WORKER', true),
    alertLeaseSeconds: intVar(env, 'ALERT_LEASE_SECONDS', 60, 1, 3600),
    mapTiles: mapTiles(env.TARO_APP_MAP_TILES),
  };
}
