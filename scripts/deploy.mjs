#!/usr/bin/env node
// `npm run deploy -- --url https://chat.example.com --username admin` (the password is asked for)
// Packages the app and uploads dist/<slug>_<version>.zip to a Rocket.Chat server through
// the same REST calls `rc-apps deploy` makes (install, or update when already installed).
// rc-apps itself cannot deploy this app: its compiler does not bundle npm dependencies.
// Flags or a .rcappsconfig file as for rc-apps: url, username (+ code for 2FA), or userid for a
// personal access token. Secrets never on the command line (npm prints it): the password from
// RC_APPS_PASSWORD, .rcappsconfig or a prompt; the token from RC_APPS_TOKEN or .rcappsconfig.
import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { packageApp } from './package.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
    console.error(`deploy: ${message}`);
    process.exit(1);
}

/** Reads a line from the terminal without showing it. */
function promptHidden(question) {
    return new Promise((resolve) => {
        const stdin = process.stdin;
        process.stdout.write(question);
        stdin.setRawMode(true);
        stdin.setEncoding('utf8');
        stdin.resume();
        let value = '';
        const onData = (chunk) => {
            for (const char of chunk) {
                if (char === '\u0003') process.exit(130);
                if (char === '\r' || char === '\n' || char === '\u0004') {
                    stdin.off('data', onData);
                    stdin.setRawMode(false);
                    stdin.pause();
                    process.stdout.write('\n');
                    resolve(value);
                    return;
                }
                value = char === '\u007f' ? value.slice(0, -1) : value + char;
            }
        };
        stdin.on('data', onData);
    });
}

async function readOptions() {
    const secretFlags = process.argv.slice(2).filter((arg) => /^(--password|-p|--token|-t)(=|$)/.test(arg));
    if (secretFlags.length > 0) {
        fail(
            'passwords and tokens are not taken from the command line (npm prints it): set RC_APPS_PASSWORD or RC_APPS_TOKEN, or leave the password out to be asked for it',
        );
    }
    const { values } = parseArgs({
        options: {
            url: { type: 'string' },
            username: { type: 'string', short: 'u' },
            code: { type: 'string', short: 'c' },
            userid: { type: 'string', short: 'i' },
        },
    });
    const configPath = join(root, '.rcappsconfig');
    const fromFile = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
    const options = {
        url: values.url ?? fromFile.url,
        username: values.username ?? fromFile.username,
        password: process.env.RC_APPS_PASSWORD ?? fromFile.password,
        code: values.code ?? fromFile.code,
        userId: values.userid ?? fromFile.userId,
        token: process.env.RC_APPS_TOKEN ?? fromFile.token,
    };
    if (!options.url) fail('give the server address with --url https://chat.example.com (or "url" in .rcappsconfig)');
    if (options.username && !options.password && !options.token && process.stdin.isTTY) {
        options.password = await promptHidden(`Password for ${options.username} on ${options.url}: `);
    }
    if (!(options.username && options.password) && !(options.userId && options.token)) {
        fail('give --username (the password is asked for, or set RC_APPS_PASSWORD), or --userid with RC_APPS_TOKEN (a personal access token)');
    }
    options.url = options.url.replace(/\/+$/, '');
    return options;
}

async function call(url, init) {
    let response;
    try {
        response = await fetch(url, init);
    } catch (error) {
        fail(`cannot reach ${new URL(url).origin}: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
    }
    const body = await response.json().catch(() => ({}));
    return { status: response.status, body };
}

async function authenticate(options) {
    if (options.token) return { 'X-User-Id': options.userId, 'X-Auth-Token': options.token };
    const credentials = { user: options.username, password: options.password, ...(options.code ? { code: options.code } : {}) };
    const { body } = await call(`${options.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(credentials),
    });
    if (body.status !== 'success' || !body.data) fail('login refused: check the username and password (and --code if the account uses 2FA)');
    return { 'X-User-Id': body.data.userId, 'X-Auth-Token': body.data.authToken };
}

const options = await readOptions();
const appId = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')).id;
const { zipPath } = await packageApp({ quiet: true });
const headers = await authenticate(options);
const existing = await call(`${options.url}/api/apps/${appId}`, { headers });
const installed = existing.status === 200 && existing.body.success === true;
const form = new FormData();
form.append('app', new Blob([readFileSync(zipPath)], { type: 'application/zip' }), basename(zipPath));
const endpoint = installed ? `${options.url}/api/apps/${appId}` : `${options.url}/api/apps`;
const result = await call(endpoint, { method: 'POST', headers, body: form });
if (result.body.success !== true) {
    fail(`the server refused the app (HTTP ${result.status}): ${result.body.error ?? JSON.stringify(result.body.messages ?? result.body)}`);
}
console.log(`${installed ? 'Updated' : 'Installed'} ${basename(zipPath)} on ${options.url}`);
