// URL replacement starts from the fleet's source URL; if the site's home differs, it would miss.
import { trimSlash } from '../../fleet/trim-slash.js';
import { warning, type PlanRule } from './plan-rule.js';

export const sourceUrlDiffers: PlanRule = {
  name: 'source-url-differs',
  check({ name, site, facts }) {
    const source = facts.source;
    if (!source || trimSlash(source.wordpress.home) === trimSlash(site.source.url)) return [];
    return [
      warning(
        'source-url-differs',
        `the fleet's source URL ${site.source.url} differs from the site's home ${source.wordpress.home}; URL replacement would miss`,
        `set \`sites.${name}.source.url: ${source.wordpress.home}\``,
      ),
    ];
  },
};
