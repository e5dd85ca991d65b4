import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareFileManifests,
  fileManifestArgv,
  isExcluded,
  parseFileManifest,
  parseRsyncStats,
  restrictedRsyncKeyLine,
  rsyncArgv,
} from '@wpfleet/wp';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wpf-files-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('file manifests', () => {
  it('counts files and bytes per managed directory from a real find, names with newlines included', () => {
    const root = tree({
      'uploads/2024/01/photo.png': 'x'.repeat(100),
      'uploads/2024/01/odd\nname.txt': 'abc',
      'uploads/cache/skip.tmp': 'zzzz',
      'plugins/shop/shop.php': '<?php',
      'plugins/shop/debug.log': 'noise',
      'object-cache.php': 'dropin',
    });
    const [cmd, ...args] = fileManifestArgv(root);
    const manifest = parseFileManifest(execFileSync(cmd!, args, { encoding: 'utf8' }));
    expect(manifest.uploads).toEqual({ files: 2, bytes: 103 });
    expect(manifest.plugins).toEqual({ files: 1, bytes: 5 });
    expect(manifest.themes).toEqual({ files: 0, bytes: 0 });
    expect(manifest['object-cache.php']).toBeUndefined();
  });

  it('ignores wp-content/__proto__/ and constructor/ directories, leaving every other object as it was', () => {
    const root = tree({
      '__proto__/evil.php': 'x'.repeat(7),
      'constructor/x.txt': 'abc',
      'toString/y.txt': 'abcd',
      'uploads/a.txt': 'ab',
    });
    const [cmd, ...args] = fileManifestArgv(root);
    const manifest = parseFileManifest(execFileSync(cmd!, args, { encoding: 'utf8' }));
    expect(({} as { files?: unknown }).files).toBeUndefined();
    expect(Object.keys(manifest).sort()).toEqual(['languages', 'mu-plugins', 'plugins', 'themes', 'uploads']);
    expect(manifest.uploads).toEqual({ files: 1, bytes: 2 });
    const compared = compareFileManifests(manifest, parseFileManifest('3\tconstructor/z\0'));
    expect(compared.find((c) => c.dir === 'uploads')).toMatchObject({ targetFiles: 0, equal: false });
    expect(compared.map((c) => c.dir)).not.toContain('constructor');
  });

  it('names the directory whose count or size differs', () => {
    const source = { uploads: { files: 3, bytes: 30 }, plugins: { files: 1, bytes: 5 } };
    const target = { uploads: { files: 2, bytes: 20 }, plugins: { files: 1, bytes: 5 } };
    expect(compareFileManifests(source, target)).toEqual([
      { dir: 'uploads', sourceFiles: 3, targetFiles: 2, sourceBytes: 30, targetBytes: 20, equal: false },
      { dir: 'plugins', sourceFiles: 1, targetFiles: 1, sourceBytes: 5, targetBytes: 5, equal: true },
    ]);
    expect(compareFileManifests({ themes: { files: 1, bytes: 9 } }, {})).toEqual([
      { dir: 'themes', sourceFiles: 1, targetFiles: 0, sourceBytes: 9, targetBytes: 0, equal: false },
    ]);
  });

  it('keeps a plugin folder called cache, and only drops the uploads cache', () => {
    expect(isExcluded('plugins/fast/cache/engine.php', ['/uploads/cache/'])).toBe(false);
    expect(isExcluded('uploads/cache/x.html', ['/uploads/cache/'])).toBe(true);
    expect(isExcluded('uploads/backup-2020/db.zip', ['/uploads/backup*/'])).toBe(true);
    expect(isExcluded('plugins/a/error.log', ['*.log'])).toBe(true);
  });
});

describe('rsync of wp-content', () => {
  it('copies only the managed directories, so --delete never reaches wp-config.php or the docroot', () => {
    const source = tree({
      'uploads/a.png': 'a',
      'plugins/p/p.php': 'p',
      'object-cache.php': 'x',
      'uploads/cache/c': 'c',
    });
    const target = tree({
      'uploads/old.png': 'old',
      'wp-config-local.php': 'keep',
      'object-cache.php': 'target-own',
    });
    const [cmd, ...args] = rsyncArgv({ from: source, to: target, delete: true });
    const stdout = execFileSync(cmd!, args, { encoding: 'utf8' });
    const [find, ...findArgs] = fileManifestArgv(target);
    const listing = execFileSync(find!, findArgs, { encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .map((l) => l.split('\t')[1])
      .sort();
    expect(listing).toEqual(['object-cache.php', 'plugins/p/p.php', 'uploads/a.png', 'wp-config-local.php']);
    expect(parseRsyncStats(stdout).transferredFiles).toBe(2);
  });

  it('confines the temporary key to a read-only rrsync of one directory, quoting a path with spaces and quotes', () => {
    const line = restrictedRsyncKeyLine(
      'ssh-ed25519 AAAAC3Nza key@target\n',
      '/srv/www/it\'s "here"/wp-content',
      'wpfleet-temp',
    );
    expect(line).toBe(
      'command="rrsync -ro \'/srv/www/it\'\\"\'\\"\'s \\"here\\"/wp-content\'",restrict ssh-ed25519 AAAAC3Nza wpfleet-temp',
    );
  });

  it('refuses a path with a line break, which would start a second, unconfined authorized_keys line', () => {
    const hostile = '/srv/www/x\nssh-ed25519 AAAAattacker attacker@web\n/wp-content';
    expect(() => restrictedRsyncKeyLine('ssh-ed25519 AAAAC3Nza', hostile, 'wpfleet-temp')).toThrow(
      /line break/,
    );
    expect(() =>
      restrictedRsyncKeyLine('ssh-ed25519 AAAAC3Nza', '/srv/www/x\r/wp-content', 'wpfleet-temp'),
    ).toThrow(/line break/);
    const line = restrictedRsyncKeyLine(
      'ssh-ed25519 AAAAC3Nza\nssh-ed25519 AAAAother',
      '/srv/www/$(id) `x`/wp-content',
      'wpfleet-temp',
    );
    expect(line.split('\n')).toHaveLength(1);
  });
});

describe('relaying wp-content through the controller and swapping it into place', () => {
  it('relays the managed directories as a tar stream, then swaps them in and can undo it', async () => {
    const { LocalTransport } = await import('../../src/transport/local-transport.js');
    const { syncRelay, swapContentDirs, undoContentDirs } = await import('@wpfleet/wp');
    const transport = new LocalTransport();
    const source = tree({
      'wp-content/uploads/2024/a b.png': 'png-bytes',
      'wp-content/uploads/cache/page.html': 'cached',
      'wp-content/plugins/shop/shop.php': '<?php // shop',
      'wp-content/object-cache.php': 'dropin',
    });
    const target = tree({
      'public/wp-content/uploads/old.png': 'old',
      'public/wp-content/object-cache.php': 'target-own-dropin',
      'public/wp-config.php': 'target config',
    });
    const stagingDir = join(target, 'staging');
    const result = await syncRelay(
      { transport, contentDir: join(source, 'wp-content') },
      { transport, contentDir: join(target, 'public/wp-content') },
      stagingDir,
    );
    expect(result).toMatchObject({ mode: 'relay', files: 2 });

    const dirs = {
      contentDir: join(target, 'public/wp-content'),
      stagingDir,
      backupDir: join(target, 'backup'),
    };
    const promoted = await swapContentDirs(transport, dirs);
    expect(promoted).toEqual(['uploads', 'plugins']);
    const list = (root: string) =>
      execFileSync('find', [root, '-type', 'f', '-printf', '%P\\n'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .sort();
    expect(list(join(target, 'public'))).toEqual([
      'wp-config.php',
      'wp-content/object-cache.php',
      'wp-content/plugins/shop/shop.php',
      'wp-content/uploads/2024/a b.png',
    ]);
    await expect(swapContentDirs(transport, dirs)).rejects.toThrow(/files backup from an earlier swap/);

    // A later copy staged uploads again before the undo: the migrated directory replaces it, never nests in it.
    mkdirSync(join(stagingDir, 'uploads'), { recursive: true });
    writeFileSync(join(stagingDir, 'uploads', 'later.png'), 'later');
    expect(await undoContentDirs(transport, dirs, promoted)).toEqual(['uploads', 'plugins']);
    expect(list(stagingDir)).toEqual(['plugins/shop/shop.php', 'uploads/2024/a b.png']);
    expect(list(join(target, 'public/wp-content'))).toEqual(['object-cache.php', 'uploads/old.png']);
    await transport.close();
  });
});

describe('stale temporary keys after a killed run', () => {
  it("removes only this site's temporary key, even when its path holds quotes and backslashes", async () => {
    const { LocalTransport } = await import('../../src/transport/local-transport.js');
    const { removeStaleTemporaryKeys } = await import('../../src/files/remove-stale-temporary-keys.js');
    const home = tree({ '.ssh/authorized_keys': '' });
    const hostile = `/srv/www/it's a "shop" \\n $(id)/wp-content`;
    const lines = [
      'ssh-ed25519 AAAAoperator operator@laptop',
      restrictedRsyncKeyLine('ssh-ed25519 AAAAstale', hostile, 'wpfleet-temp-abc'),
      restrictedRsyncKeyLine('ssh-ed25519 AAAAother', '/srv/www/other/wp-content', 'wpfleet-temp-def'),
    ];
    writeFileSync(join(home, '.ssh/authorized_keys'), lines.join('\n') + '\n');
    const saved = process.env['HOME'];
    process.env['HOME'] = home;
    const transport = new LocalTransport();
    try {
      expect(await removeStaleTemporaryKeys(transport, hostile)).toBe(1);
    } finally {
      process.env['HOME'] = saved;
      await transport.close();
    }
    expect(readFileSync(join(home, '.ssh/authorized_keys'), 'utf8')).toBe(`${lines[0]}\n${lines[2]}\n`);
  });
});

describe('host-to-host copy trusts only the host key the controller verified', () => {
  it("runs rsync's ssh with strict checking against the controller's known_hosts lines alone, and removes the key", async () => {
    const { syncHostToHost } = await import('@wpfleet/wp');
    const { ScriptedTransport } = await import('../doctor/scripted-transport.js');
    const written: Array<{ path: string; content: string }> = [];
    class Recording extends ScriptedTransport {
      override async makePrivateDir(): Promise<string> {
        return '/tmp/wpfleet-key.test';
      }
      override async putFile(
        path: string,
        content: string | Uint8Array | NodeJS.ReadableStream,
      ): Promise<void> {
        written.push({ path, content: String(content) });
      }
      override async removeFile(path: string): Promise<void> {
        this.commands.push(['removeFile', path]);
      }
    }
    const target = new Recording('target', (argv) =>
      argv[0] === 'cat'
        ? { stdout: 'ssh-ed25519 AAAAtemp wpfleet-temp-x\n' }
        : argv[0] === 'rsync'
          ? { stdout: 'Number of files: 3\n' }
          : {},
    );
    const source = new Recording('source', () => ({}));
    const knownHostsLines = ['[old-1.example]:2222 ssh-ed25519 AAAAsourcekey'];
    const result = await syncHostToHost(
      {
        transport: source,
        contentDir: '/srv/www/acme/wp-content',
        sshAddress: 'old-1.example',
        sshPort: 2222,
        sshUser: 'deploy',
        knownHostsLines,
      },
      { transport: target, contentDir: '/srv/new/wp-content' },
      '/srv/new/.wpfleet/acme/staging',
    );
    expect(result).toMatchObject({ mode: 'host-to-host', files: 3 });
    expect(written).toEqual([
      { path: '/tmp/wpfleet-key.test/known_hosts', content: `${knownHostsLines[0]}\n` },
    ]);
    const rsync = target.commands.find((c) => c[0] === 'rsync')!;
    const rsh = rsync[rsync.indexOf('--rsh') + 1]!;
    expect(rsh.split(' ')).toEqual([
      'ssh',
      '-F',
      '/dev/null',
      '-i',
      '/tmp/wpfleet-key.test/id',
      '-p',
      '2222',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'UserKnownHostsFile=/tmp/wpfleet-key.test/known_hosts',
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'ConnectTimeout=10',
    ]);
    expect(rsync.slice(-3)).toEqual(['--', 'deploy@old-1.example:/', '/srv/new/.wpfleet/acme/staging/']);
    // The key line went in confined and came out again (that exact line, not every line naming its marker); the
    // private key directory is removed.
    const keyLine = `command="rrsync -ro '/srv/www/acme/wp-content'",restrict ssh-ed25519 AAAAtemp ${source.commands[0]![4]!.split(' ').pop()}`;
    expect(source.commands.map((c) => c[4])).toEqual([keyLine, keyLine]);
    expect(target.commands.at(-1)).toEqual(['removeFile', '/tmp/wpfleet-key.test']);
  });
});

describe("host-to-host copy keeps its key in the site's work directory", () => {
  it('makes the key directory afresh (a killed run may have left one) with mode 0700, and removes it after the copy', async () => {
    const { syncHostToHost } = await import('@wpfleet/wp');
    const { ScriptedTransport } = await import('../doctor/scripted-transport.js');
    class Recording extends ScriptedTransport {
      override async makePrivateDir(): Promise<string> {
        throw new Error('a private /tmp directory is not used when keyDir is given');
      }
      override async putFile(): Promise<void> {}
      override async removeFile(path: string): Promise<void> {
        this.commands.push(['removeFile', path]);
      }
    }
    const keyDir = '/srv/new/.wpfleet/acme/key';
    const target = new Recording('target', (argv) =>
      argv[0] === 'cat'
        ? { stdout: 'ssh-ed25519 AAAAtemp wpfleet-temp-x\n' }
        : argv[0] === 'rsync'
          ? { stdout: 'Number of files: 3\n' }
          : {},
    );
    const source = new Recording('source', () => ({}));
    await syncHostToHost(
      {
        transport: source,
        contentDir: '/srv/www/acme/wp-content',
        sshAddress: 'old-1.example',
        sshPort: 2222,
        sshUser: 'deploy',
        knownHostsLines: ['old-1.example ssh-ed25519 AAAA'],
      },
      { transport: target, contentDir: '/srv/new/wp-content' },
      '/srv/new/.wpfleet/acme/staging',
      { keyDir },
    );
    const first = target.commands[0]!;
    expect(first.slice(0, 3)).toEqual(['sh', '-c', 'rm -rf -- "$1" && mkdir -m 700 -- "$1"']);
    expect(first.at(-1)).toBe(keyDir);
    expect(target.commands.find((c) => c[0] === 'ssh-keygen')).toContain(`${keyDir}/id`);
    expect(target.commands.at(-1)).toEqual(['removeFile', keyDir]);
  });
});

describe('paths that start with a dash', () => {
  it('relays, swaps and undoes a site whose directories start with "-" (never read as options)', async () => {
    const { LocalTransport } = await import('../../src/transport/local-transport.js');
    const { syncRelay, swapContentDirs, undoContentDirs } = await import('@wpfleet/wp');
    const root = tree({
      '-src/wp-content/uploads/a.png': 'png',
      '-src/wp-content/plugins/-p/p.php': '<?php',
      '-dst/public/wp-content/uploads/old.png': 'old',
    });
    const cwd = process.cwd();
    process.chdir(root);
    const transport = new LocalTransport();
    try {
      const result = await syncRelay(
        { transport, contentDir: '-src/wp-content' },
        { transport, contentDir: '-dst/public/wp-content' },
        '-dst/staging',
      );
      expect(result).toMatchObject({ mode: 'relay', files: 2 });
      const dirs = {
        contentDir: '-dst/public/wp-content',
        stagingDir: '-dst/staging',
        backupDir: '-dst/backup',
      };
      expect(await swapContentDirs(transport, dirs)).toEqual(['uploads', 'plugins']);
      expect(readFileSync(join(root, '-dst/public/wp-content/plugins/-p/p.php'), 'utf8')).toBe('<?php');
      expect(readFileSync(join(root, '-dst/backup/uploads/old.png'), 'utf8')).toBe('old');
      expect(await undoContentDirs(transport, dirs, ['uploads', 'plugins'])).toEqual(['uploads', 'plugins']);
      expect(readFileSync(join(root, '-dst/public/wp-content/uploads/old.png'), 'utf8')).toBe('old');
    } finally {
      process.chdir(cwd);
      await transport.close();
    }
  });
});
