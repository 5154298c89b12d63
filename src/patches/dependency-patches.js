#!/usr/bin/env node
'use strict';
/**
 * Source patches to dependencies, applied after every install (package.json "postinstall"), in the
 * manner of patch-package but with nothing to install: each is an exact text replacement in one file
 * of one pinned version, marked so that running it again changes nothing.
 *
 * Why these exist: on Node 20's V8 (11.3) two object shapes that Apollo Server builds for every
 * request keep the request's whole state alive through young-generation collections:
 * - an object literal with a getter/setter pair (the literal is made with a data property, then the
 *   accessors replace it, which turns the object into a dictionary whose accessor pair lives in the
 *   old generation and holds the closures and, through them, the request context);
 * - an object spread followed by a key the source does not have (`{ ...a, extra }`), which makes a
 *   new hidden class (Map, old generation) per object.
 * Everything these reach survives each scavenge and is promoted, to die in the old generation:
 * ~1 MB per scavenge under bench:recs, 5-6 ms pauses, a p99 well above the issue's 20 ms at 75% of
 * saturation. The patches build the same objects without either shape (and hash each query without a
 * Hash object, whose native half is released through a weak handle in each pause); behaviour is unchanged (the
 * whole test suite runs on the patched files, and dependency-patches.spec.ts checks each one).
 *
 * A different version of a package, or a file whose text no longer matches, is reported and left
 * alone: the server works unpatched, only its young-generation pauses are longer.
 *
 * Usage: node src/patches/dependency-patches.js [--check]   (--check: exit 1 unless all are applied)
 */
const fs = require('node:fs');
const path = require('node:path');

const MARK = '/* mirrorfit-patch */';

/** @type {{ id: string; pkg: string; version: string; file: string; edits: { find: string; replace: string }[] }[]} */
const PATCHES = [
  {
    id: 'apollo-gateway-context-accessors',
    pkg: '@apollo/server',
    version: '5.5.1',
    file: 'dist/cjs/utils/makeGatewayGraphQLRequestContext.js',
    edits: [
      {
        find: `    const response = {
        http: {
            headers: new FetcherHeadersForHeaderMap(newRequestContext.response.http.headers),
            get status() {
                return newRequestContext.response.http.status;
            },
            set status(newStatus) {
                newRequestContext.response.http.status = newStatus;
            },
        },
    };`,
        replace: `    ${MARK} const response = { http: new GatewayResponseHttp(newRequestContext.response.http) };`,
      },
      {
        find: `class FetcherHeadersForHeaderMap {`,
        replace: `${MARK} class GatewayResponseHttp {
    #http;
    constructor(http) {
        this.headers = new FetcherHeadersForHeaderMap(http.headers);
        this.#http = http;
    }
    get status() {
        return this.#http.status;
    }
    set status(newStatus) {
        this.#http.status = newStatus;
    }
}
class FetcherHeadersForHeaderMap {`,
      },
    ],
  },
  {
    id: 'apollo-pipeline-spreads',
    pkg: '@apollo/server',
    version: '5.5.1',
    file: 'dist/cjs/requestPipeline.js',
    edits: [
      {
        // One-shot hashing (Node >= 20.12): no Hash object per request, whose native half is released
        // through a weak handle in every young-generation pause (~0.5 ms of each under bench:recs).
        find: `function computeQueryHash(query) {
    return (0, utils_createhash_1.createHash)('sha256').update(query).digest('hex');
}`,
        replace: `${MARK} const oneShotHash = require('node:crypto').hash;
function computeQueryHash(query) {
    if (typeof oneShotHash === 'function') return oneShotHash('sha256', query, 'hex');
    return (0, utils_createhash_1.createHash)('sha256').update(query).digest('hex');
}`,
      },
      {
        find: `            const fullResult = await execute({
                ...requestContext,
                useLegacyIncremental: new negotiator_1.default({`,
        replace: `            const fullResult = await execute(${MARK} Object.assign({}, requestContext, {
                useLegacyIncremental: new negotiator_1.default({`,
      },
      {
        find: `                ]) === ApolloServer_js_1.MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            });`,
        replace: `                ]) === ApolloServer_js_1.MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
            }));`,
      },
      {
        find: `                    singleResult: {
                        ...result,
                        errors: formattedErrors,
                    },`,
        replace: `                    singleResult: ${MARK} Object.assign({}, result, { errors: formattedErrors }),`,
      },
    ],
  },
  {
    id: 'apollo-http-response-spread',
    pkg: '@apollo/server',
    version: '5.5.1',
    file: 'dist/cjs/runHttpQuery.js',
    edits: [
      {
        find: `        return {
            ...graphQLResponse.http,
            body: {
                kind: 'complete',
                string: await internals.stringifyResult(orderExecutionResultFields(graphQLResponse.body.singleResult)),
            },
        };`,
        replace: `        ${MARK} return Object.assign({}, graphQLResponse.http, {
            body: {
                kind: 'complete',
                string: await internals.stringifyResult(orderExecutionResultFields(graphQLResponse.body.singleResult)),
            },
        });`,
      },
    ],
  },
];

/** Where Node would find `pkg` from the folder `from` (its package "exports" hide package.json from require.resolve). */
function packageRoot(pkg, from) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${pkg} is not installed`);
  }
}

/**
 * What each patch finds on disk: 'applied', 'pending' (every edit's text is there to replace),
 * 'other-version' or 'mismatch' (the file's text is not what the patch was written against).
 */
function inspect(from = path.resolve(__dirname, '..', '..')) {
  return PATCHES.map((patch) => {
    let root;
    try {
      root = packageRoot(patch.pkg, from);
    } catch (error) {
      return { patch, state: 'missing', detail: String(error && error.message) };
    }
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const file = path.join(root, patch.file);
    if (version !== patch.version) return { patch, file, state: 'other-version', detail: `${patch.pkg} is ${version}; the patch is for ${patch.version}` };
    const text = fs.readFileSync(file, 'utf8');
    // Edit by edit, so that a patch that gained an edit since it was applied is completed.
    const done = patch.edits.map((e) => text.includes(e.replace));
    if (done.every(Boolean)) return { patch, file, state: 'applied' };
    if (patch.edits.every((e, i) => done[i] || text.split(e.find).length === 2)) return { patch, file, state: 'pending', text };
    return { patch, file, state: 'mismatch', detail: `${patch.file} does not contain the text the patch replaces (exactly once)` };
  });
}

/** Applies every pending patch; returns what was found and done. */
function apply(from) {
  return inspect(from).map((found) => {
    if (found.state !== 'pending') return found;
    let text = found.text;
    for (const edit of found.patch.edits) if (!text.includes(edit.replace)) text = text.replace(edit.find, () => edit.replace);
    fs.writeFileSync(found.file, text);
    return { ...found, state: 'applied now', text: undefined };
  });
}

module.exports = { PATCHES, inspect, apply, packageRoot, MARK };

if (require.main === module) {
  const check = process.argv.includes('--check');
  const results = check ? inspect() : apply();
  let ok = true;
  for (const r of results) {
    const good = r.state === 'applied' || r.state === 'applied now';
    ok &&= good;
    process.stdout.write(`dependency patch ${r.patch.id} (${r.patch.pkg} ${r.patch.file}): ${r.state}${r.detail ? ` (${r.detail}; left as it is)` : ''}\n`);
  }
  if (check && !ok) process.exit(1);
}
