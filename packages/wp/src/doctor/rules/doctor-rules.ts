// Every Doctor rule. Reaching a host (`ssh`) and finding a site's sides (`site-path`, `wordpress`, `probe`) are not
// rules but the gates before them: a host that does not answer, or a side not found, has nothing to check.
import { collations } from './collations.js';
import { dbClient } from './db-client.js';
import { dbDump } from './db-dump.js';
import { dbGrants } from './db-grants.js';
import { dbPassword } from './db-password.js';
import { dbUser } from './db-user.js';
import { diskFree } from './disk-free.js';
import type { HostRule, SiteRule } from './doctor-rule.js';
import { multisite } from './multisite.js';
import { php } from './php.js';
import { prefixes } from './prefixes.js';
import { rrsync } from './rrsync.js';
import { rsync } from './rsync.js';
import { wpCli } from './wp-cli.js';

export const HOST_RULES: readonly HostRule[] = [wpCli, php, dbDump, dbClient, rsync, rrsync];

export const SITE_RULES: readonly SiteRule[] = [
  multisite,
  dbPassword,
  dbGrants,
  dbUser,
  diskFree,
  collations,
  prefixes,
];
