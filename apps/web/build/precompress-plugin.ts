import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy beside every script, style sheet and HTML file of the
 * build, so the server sends them compressed (@fastify/static `preCompressed`) without compressing
 * on each request. Node's zlib only: no further dependency.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'luoshi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const visit = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name);
          if (entry.isDirectory()) visit(file);
          else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
            const data = fs.readFileSync(file);
            if (data.length < 1024) continue;
            fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
            fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
          }
        }
      };
      visit(outDir);
    },
  };
}
