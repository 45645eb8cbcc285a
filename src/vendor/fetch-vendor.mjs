#!/usr/bin/env node
// Re-creates public/vendor/ from npm, exactly as src/vendor/vendor.json describes it.
//
//   node src/vendor/fetch-vendor.mjs            fetch, verify, replace public/vendor/
//   node src/vendor/fetch-vendor.mjs --record   same, but write the copied files' sha256s into
//                                               vendor.json instead of checking them (after a
//                                               version bump; set the new `integrity` first, from
//                                               `npm view NAME@VERSION dist.integrity`)
//
// For each package: `npm pack NAME@VERSION` into a temp folder, refuse the tarball unless its
// sha512 equals the manifest's integrity, copy the listed files out of it, check their sha256s.
// Everything is built in a temp folder first, so a failure leaves public/vendor/ as it was.
// Node 20+, no npm dependencies (the tarball is read with zlib and a small tar reader below).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const manifestPath = path.join(here, 'vendor.json');
const target = path.join(root, 'public', 'vendor');
const record = process.argv.includes('--record');

const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'usher-vendor-'));
const staged = path.join(work, 'vendor');

try {
    for (const pkg of manifest.packages) {
        const tarball = pack(pkg, work);
        const entries = untar(zlib.gunzipSync(tarball));
        const out = path.join(staged, pkg.name);
        fs.mkdirSync(out, { recursive: true });
        for (const file of pkg.files) {
            const data = entries.get('package/' + file.from);
            if (!data) {
                throw new Error(`${pkg.name}@${pkg.version}: no ${file.from} in the tarball`);
            }
            if (file.to.includes('..') || path.isAbsolute(file.to)) {
                throw new Error(`${pkg.name}: refusing to write outside public/vendor/${pkg.name}: ${file.to}`);
            }
            const sha256 = createHash('sha256').update(data).digest('hex');
            if (record) {
                file.sha256 = sha256;
            } else if (file.sha256 !== sha256) {
                throw new Error(`${pkg.name}@${pkg.version}: ${file.from} has sha256 ${sha256}, vendor.json says ${file.sha256}`);
            }
            const dest = path.join(out, file.to);
            fs.mkdirSync(path.dirname(dest), { recursive: true });
            fs.writeFileSync(dest, data);
            console.log(`${sha256}  public/vendor/${pkg.name}/${file.to}  (${data.length} bytes)`);
        }
        if (!pkg.files.some((f) => f.isLicense)) {
            throw new Error(`${pkg.name}: vendor.json lists no license file`);
        }
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(staged, target, { recursive: true });
    if (record) {
        fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 4) + '\n');
        console.log('recorded the sha256s in src/vendor/vendor.json');
    }
    console.log(`public/vendor/ re-created: ${manifest.packages.map((p) => p.name + '@' + p.version).join(', ')}`);
} catch (e) {
    console.error('fetch-vendor: ' + e.message);
    process.exitCode = 1;
} finally {
    fs.rmSync(work, { recursive: true, force: true });
}

/** Runs `npm pack` and returns the tarball's bytes once its sha512 matches the manifest. */
function pack(pkg, dir) {
    const spec = `${pkg.name}@${pkg.version}`;
    const json = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', dir], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        shell: process.platform === 'win32',
    });
    const filename = JSON.parse(json)[0].filename;
    const tarball = fs.readFileSync(path.join(dir, filename));
    const integrity = 'sha512-' + createHash('sha512').update(tarball).digest('base64');
    if (integrity !== pkg.integrity) {
        throw new Error(`${spec}: tarball integrity ${integrity} does not match vendor.json's ${pkg.integrity}; refusing it`);
    }
    return tarball;
}

/** The regular files of a tar archive (ustar and pax path headers), by path. */
function untar(buf) {
    const files = new Map();
    let paxPath = null;
    for (let off = 0; off + 512 <= buf.length;) {
        const header = buf.subarray(off, off + 512);
        if (header.every((b) => b === 0)) {
            break;
        }
        const field = (start, len) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
        const size = parseInt(field(124, 12).trim() || '0', 8);
        const type = field(156, 1) || '0';
        const prefix = field(345, 155);
        const name = prefix ? prefix + '/' + field(0, 100) : field(0, 100);
        const body = buf.subarray(off + 512, off + 512 + size);
        if (type === 'x') {
            const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
            paxPath = m ? m[1] : null;
        } else {
            if (type === '0') {
                files.set(paxPath ?? name, Buffer.from(body));
            }
            paxPath = null;
        }
        off += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
}
