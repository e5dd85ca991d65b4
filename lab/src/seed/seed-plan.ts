// The content a lab Site is seeded with, as plain data: the same seed, Site and size always give the same plan.
// fixtures/lab/seed.php applies a plan to a WordPress install.
import type { LabSize } from '../lab-state.js';

export interface SeedPlanInput {
  site: string;
  url: string;
  seed: number;
  size: LabSize;
  scale: 'normal' | 'large';
  subsites: string[];
}

interface PlannedPost {
  type: 'post' | 'page';
  slug: string;
  title: string;
  content: string;
  author: string;
  date: string;
  categories: string[];
  tags: string[];
  genres: string[];
  meta: Record<string, unknown>;
  comments: Array<{
    author: string;
    email: string;
    url: string;
    content: string;
    meta: Record<string, unknown>;
  }>;
}

interface PlannedAttachment {
  file: string;
  width: number;
  height: number;
  title: string;
  /** RGB the PNG is filled with, so files differ from each other. */
  color: [number, number, number];
}

export interface SeedPlan {
  site: string;
  url: string;
  seed: number;
  users: Array<{
    login: string;
    email: string;
    role: string;
    displayName: string;
    meta: Record<string, unknown>;
  }>;
  categories: string[];
  tags: string[];
  genres: string[];
  posts: PlannedPost[];
  attachments: PlannedAttachment[];
  options: Record<string, unknown>;
  activePlugins: string[];
  theme: string;
  subsites: Array<{ path: string; title: string; posts: PlannedPost[] }>;
  /** Generated in PHP from `seed` (too big to carry as JSON): filler posts and upload files. */
  bulk: { posts: number; postBytes: number; files: number };
}

/** mulberry32: tiny, fast and the same in every JavaScript engine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(seed: number, name: string): number {
  let h = seed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

const WORDS = [
  'harbour',
  'lantern',
  'orbit',
  'meadow',
  'copper',
  'signal',
  'willow',
  'ember',
  'atlas',
  'pixel',
  'granite',
  'falcon',
];
const CJK = ['東京の朝', '北京欢迎你', '서울의 밤', '春夏秋冬', '漢字テキスト', '数据迁移'];
const EMOJI = ['🚀', '🌸', '🎉', '🐘', '☕', '🧭', '👩‍💻', '🇯🇵'];

/** Encodes like WordPress's serialize_block_attributes: JSON with escaped slashes. */
function blockAttrs(attrs: Record<string, unknown>): string {
  return JSON.stringify(attrs).replace(/\//g, '\\/');
}

export function seedPlan(input: SeedPlanInput): SeedPlan {
  const rnd = prng(hashSeed(input.seed, input.site));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const url = input.url.replace(/\/$/, '');
  const large = input.scale === 'large' && input.size === 'large';

  const users = ['editor', 'author', 'contributor'].map((role, i) => ({
    login: `${input.site}-${role}`,
    email: `${role}${i}@${new URL(url).hostname}`,
    role,
    displayName: `${pick(CJK)} ${pick(EMOJI)}`,
    meta: {
      lab_profile: { homepage: `${url}/about/`, bio: `${pick(WORDS)} ${pick(CJK)}` },
      description: `Writes about ${pick(WORDS)} 🎈`,
    },
  }));
  const categories = ['News', 'Guides', `${pick(CJK)}`];
  const tags = Array.from({ length: 5 }, (_, i) => `${pick(WORDS)}-${i}`);
  const genres = ['Fiction', 'Essay', 'Poesía'];
  const attachments: PlannedAttachment[] = Array.from({ length: 3 }, (_, i) => ({
    file: `2024/0${i + 1}/${input.site}-image-${i + 1}.png`,
    width: 16 * (i + 1),
    height: 8 * (i + 1),
    title: `Image ${i + 1} ${pick(EMOJI)}`,
    color: [int(0, 255), int(0, 255), int(0, 255)],
  }));

  const makePost = (type: 'post' | 'page', n: number, base: string): PlannedPost => {
    const word = pick(WORDS);
    const img = attachments[n % attachments.length]!;
    const imgUrl = `${base}/wp-content/uploads/${img.file}`;
    const content = [
      `<!-- wp:paragraph -->\n<p>${pick(CJK)} ${pick(EMOJI)} ${word}: read <a href="${base}/${type === 'page' ? 'about' : `${word}-${n}`}/">more on ${base}</a>.</p>\n<!-- /wp:paragraph -->`,
      `<!-- wp:image ${blockAttrs({ id: n + 1, sizeSlug: 'full', url: imgUrl, href: `${base}/?p=${n + 1}` })} -->\n<figure class="wp-block-image size-full"><img src="${imgUrl}" alt="${pick(CJK)}"/></figure>\n<!-- /wp:image -->`,
      `<!-- wp:button ${blockAttrs({ url: `${base}/contact/`, text: `${pick(EMOJI)} Contact` })} /-->`,
    ].join('\n\n');
    return {
      type,
      slug: `${type}-${word}-${n}`,
      title: `${word[0]!.toUpperCase()}${word.slice(1)} ${n} ${pick(CJK)} ${pick(EMOJI)}`,
      content,
      author: pick(users).login,
      date: `2024-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')} ${String(int(0, 23)).padStart(2, '0')}:00:00`,
      categories: type === 'post' ? [pick(categories)] : [],
      tags: type === 'post' ? [pick(tags), pick(tags)] : [],
      genres: type === 'post' ? [pick(genres)] : [],
      meta: {
        lab_links: {
          self: `${base}/${word}-${n}/`,
          related: [`${base}/?p=${n}`, `${base}/feed/`],
          label: pick(CJK),
        },
        lab_object: {
          __class: 'stdClass',
          url: base,
          count: int(1, 99),
          note: `${pick(EMOJI)} ${pick(CJK)}`,
        },
        lab_plain: `${base}/plain/${n}`,
      },
      comments: Array.from({ length: int(0, 2) }, (_, c) => ({
        author: `${pick(WORDS)} ${pick(CJK)}`,
        email: `reader${c}@example.test`,
        url: `${base}/readers/${c}/`,
        content: `${pick(EMOJI)} ${pick(CJK)} see ${base}/${word}-${n}/#comment-${c}`,
        meta: { lab_rating: { stars: int(1, 5), source: `${base}/rate/` } },
      })),
    };
  };

  const postCount = large ? 60 : 12;
  const posts = [
    ...Array.from({ length: postCount }, (_, i) => makePost('post', i + 1, url)),
    ...Array.from({ length: 3 }, (_, i) => makePost('page', postCount + i + 1, url)),
  ];
  const subsites = input.subsites.map((s) => ({
    path: `/${s}/`,
    title: `${input.site} ${s} ${pick(EMOJI)}`,
    posts: Array.from({ length: 3 }, (_, i) => makePost('post', i + 1, `${url}/${s}`)),
  }));

  return {
    site: input.site,
    url,
    seed: hashSeed(input.seed, input.site),
    users,
    categories,
    tags,
    genres,
    posts,
    attachments,
    options: {
      blogdescription: `${pick(CJK)} ${pick(EMOJI)} on ${url}`,
      widget_text: {
        2: {
          title: `Links ${pick(EMOJI)}`,
          text: `<a href="${url}/contact/">${pick(CJK)}</a>`,
          filter: true,
        },
        _multiwidget: 1,
      },
      widget_block: {
        3: {
          content: `<!-- wp:paragraph --><p><a href="${url}/">${pick(CJK)}</a></p><!-- /wp:paragraph -->`,
        },
        _multiwidget: 1,
      },
      sidebars_widgets: { wp_inactive_widgets: [], 'sidebar-1': ['text-2', 'block-3'], array_version: 3 },
      lab_settings: {
        __class: 'stdClass',
        api: `${url}/wp-json/`,
        logo: `${url}/wp-content/uploads/${attachments[0]!.file}`,
      },
    },
    activePlugins: ['lab-genres/lab-genres.php', 'lab-cache/lab-cache.php'],
    theme: 'lab-theme',
    subsites,
    bulk: large ? { posts: 12_000, postBytes: 3_000, files: 4_000 } : { posts: 0, postBytes: 0, files: 0 },
  };
}
