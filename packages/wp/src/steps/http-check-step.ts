// HTTP check: the source and the swapped target side by side, each request pinned to that host's address (no DNS
// change needed): status codes, titles, REST counts and links that still point at the old domain. Read-only.
import { WpfleetError, type JsonObject, type StepHandler } from '@wpfleet/core';
import { compareHttpReports, runHttpChecks } from '../http/http-check.js';
import { targetCertificateProblem } from '../http/target-certificate.js';
import { asStepError } from '../step-environment/as-step-error.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';

export function httpCheckStep(env: StepEnvironment): StepHandler {
  return async (ctx) => {
    const { site } = ctx;
    const where = { site: site.name, step: 'http-check', host: site.target.host };
    try {
      const [sourceHost, targetHost] = await Promise.all([
        env.host(site.source.host),
        env.host(site.target.host),
      ]);
      const oldOrigin = new URL(site.source.url);
      const newOrigin = new URL(site.target.url);
      const movedDomain =
        oldOrigin.host !== newOrigin.host ||
        oldOrigin.pathname.replace(/\/+$/, '') !== newOrigin.pathname.replace(/\/+$/, '');
      const extraUrls = [...site.checks.urls, ...(site.checks.checkout ? [site.checks.checkout] : [])];
      const common = {
        extraUrls,
        forms: site.checks.forms,
        login: site.checks.login,
        signal: ctx.signal,
        timeoutMs: 30_000,
      };
      const [source, target, certificate] = await Promise.all([
        runHttpChecks({
          siteUrl: site.source.url,
          ...(sourceHost.address ? { address: sourceHost.address } : {}),
          ...common,
        }),
        runHttpChecks({
          siteUrl: site.target.url,
          ...(targetHost.address ? { address: targetHost.address } : {}),
          ...(movedDomain ? { oldOrigins: [site.source.url] } : {}),
          // The new host's certificate is checked on its own below: before the DNS switch it often has none yet.
          insecureTls: true,
          ...common,
        }),
        targetCertificateProblem(site.target.url, targetHost.address),
      ]);
      if (certificate !== null) {
        ctx.finding({
          severity: 'warning',
          code: 'target-certificate-invalid',
          where: { side: 'target' },
          message: `visitors would refuse the certificate ${site.target.host} presents for ${newOrigin.hostname}: ${certificate}`,
          details: {
            hint: `install a certificate for ${newOrigin.hostname} on ${site.target.host} before the DNS switch (an ACME DNS-01 challenge works before it)`,
          },
        });
      }
      const problems = compareHttpReports(source, target);
      for (const p of problems) {
        ctx.finding({ ...p, message: `${p.where.page}: ${p.message}`, details: { page: p.where.page } });
      }
      const errors = problems.filter((p) => p.severity === 'error');
      if (errors.length > 0) {
        throw new WpfleetError(
          'WPF_HTTP_CHECK',
          `the migrated site ${site.name} does not serve like the source: ${errors.map((e) => `${e.where.page}: ${e.message}`).join('; ')}`,
          {
            kind: 'environment',
            where,
            hint:
              'Open the HTML report for the side-by-side results. The target is live already; `wpfleet undo ' +
              site.name +
              '` restores its previous state.',
          },
        );
      }
      return {
        status: 'succeeded',
        outputs: {
          source: source as unknown as JsonObject,
          target: target as unknown as JsonObject,
          problems: problems as unknown as JsonObject[],
        } as JsonObject,
      };
    } catch (error) {
      throw asStepError(error, where);
    }
  };
}
