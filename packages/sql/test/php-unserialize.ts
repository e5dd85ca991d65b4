// Test helper: asks PHP's real unserialize() about many values in one `php -r` run.
import { execFileSync } from 'node:child_process';

/** For each value (raw bytes), true when PHP unserializes it successfully. */
export function phpUnserializes(values: Buffer[]): boolean[] {
  const input = values.map((v) => v.toString('base64')).join('\n');
  const script =
    '$out=[];foreach(explode("\\n",stream_get_contents(STDIN)) as $l){if($l===""){continue;}' +
    '$v=base64_decode($l);$r=@unserialize($v);$out[]=($r!==false||$v==="b:0;")?"1":"0";}echo implode("",$out);';
  const out = execFileSync('php', ['-r', script], { input, encoding: 'utf8' });
  return [...out].map((c) => c === '1');
}

/** PHP's var_export of each unserialized value, for comparing structure. */
export function phpExport(values: Buffer[]): string[] {
  const input = values.map((v) => v.toString('base64')).join('\n');
  const script =
    '$out=[];foreach(explode("\\n",stream_get_contents(STDIN)) as $l){if($l===""){continue;}' +
    '$out[]=base64_encode(var_export(@unserialize(base64_decode($l)),true));}echo implode("\\n",$out);';
  const out = execFileSync('php', ['-r', script], { input, encoding: 'utf8' });
  return out.split('\n').map((l) => Buffer.from(l, 'base64').toString('utf8'));
}
