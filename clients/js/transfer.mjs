#!/usr/bin/env node
// A PoT Network client for one job: sign a TRANSFER, submit it to a node, wait until it is final
// and read it back. It is written from docs/encoding.md (the byte encoding, the signature and the
// address) and docs/rpc.md (the JSON-RPC methods) alone, with nothing but Node's built-ins, so it
// shows that those two documents are enough to talk to the chain from another language.
//
//   node transfer.mjs --node http://HOST:PORT (--seed HEX | --seed-file FILE) --to pot1... \
//                     --amount N [--fee N] [--timeout SECONDS]
//   node transfer.mjs --self-test
//
// The transfer prints one JSON line: hash, height, status, outcome, index, sender, to, amount,
// fee, nonce. --self-test rebuilds the golden transfer of docs/encoding.md from its stated inputs
// and prints one JSON line when every byte, the hash and the addresses agree. Any failure prints
// one line on stderr and exits 1 (2 for bad usage).

import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------------------------------------
// Canonical encoding (docs/encoding.md, "Primitives")

const AMOUNT_LIMIT = 1n << 63n; // an amount is a u64 whose top bit is clear

/** Appends the primitives of the canonical encoding: big-endian, fixed width, length-prefixed. */
class Writer {
  #chunks = [];

  /** An unsigned integer below `limit`, big-endian in `width` bytes. */
  #unsigned(value, width, limit, what) {
    let rest = BigInt(value);
    checkRange(rest, 0n, limit, what);
    const bytes = Buffer.alloc(width);
    for (let i = width - 1; i >= 0; i--) {
      bytes[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    this.#chunks.push(bytes);
    return this;
  }

  u8(value) {
    return this.#unsigned(value, 1, 1n << 8n, 'u8');
  }

  /** A length or count: a u32 that stays below 2^31. */
  u32(value) {
    return this.#unsigned(value, 4, 1n << 31n, 'u32 length');
  }

  /** A u64 whose top bit is clear: amounts, nonces, fees, heights. */
  amount(value) {
    return this.#unsigned(value, 8, AMOUNT_LIMIT, 'amount');
  }

  /** A fixed-width field (hash, address, public key, signature): the bytes as they are. */
  fixed(bytes, width, what) {
    if (bytes.length !== width) {
      throw new Error(`${what} must be ${width} bytes, not ${bytes.length}`);
    }
    this.#chunks.push(Buffer.from(bytes));
    return this;
  }

  /** bytes(max): a u32 length, then the bytes. */
  bytes(bytes, max, what) {
    if (bytes.length > max) {
      throw new Error(`${what} is ${bytes.length} bytes, more than ${max}`);
    }
    this.u32(bytes.length);
    this.#chunks.push(Buffer.from(bytes));
    return this;
  }

  /** string(max): bytes(max) holding UTF-8. */
  string(text, max, what) {
    return this.bytes(Buffer.from(text, 'utf8'), max, what);
  }

  toBuffer() {
    return Buffer.concat(this.#chunks);
  }
}

function checkRange(value, low, high, what) {
  if (value < low || value >= high) {
    throw new Error(`${value} is out of range for ${what}`);
  }
}

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

// ---------------------------------------------------------------------------------------------
// Addresses: the first 20 bytes of SHA-256(public key), shown as bech32 with prefix "pot"

const ADDRESS_BYTES = 20;
const ADDRESS_PREFIX = 'pot';
const BECH32_ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONSTANT = 1; // BIP-173 bech32 (not bech32m)

/** The BIP-173 checksum polynomial over 5-bit values. */
function bech32Polymod(values) {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) checksum ^= generators[i];
    }
  }
  return checksum >>> 0;
}

function bech32ExpandPrefix(prefix) {
  const codes = [...prefix].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >>> 5), 0, ...codes.map((c) => c & 31)];
}

/** Regroups bits, e.g. 8-bit bytes into 5-bit values; `pad` fills the last group with zeros. */
function regroupBits(values, fromBits, toBits, pad) {
  let accumulator = 0;
  let bits = 0;
  const out = [];
  const mask = (1 << toBits) - 1;
  for (const value of values) {
    accumulator = (accumulator << fromBits) | value;
    bits += fromBits;
    while (bits >= toBits) {
      bits -= toBits;
      out.push((accumulator >>> bits) & mask);
    }
    accumulator &= (1 << bits) - 1;
  }
  if (pad && bits > 0) {
    out.push((accumulator << (toBits - bits)) & mask);
  } else if (!pad && (bits >= fromBits || accumulator !== 0)) {
    return null; // leftover bits that are not zero padding
  }
  return out;
}

function encodeAddress(address) {
  const data = regroupBits(address, 8, 5, true);
  const values = [...bech32ExpandPrefix(ADDRESS_PREFIX), ...data, 0, 0, 0, 0, 0, 0];
  const polymod = bech32Polymod(values) ^ BECH32_CONSTANT;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (polymod >>> (5 * (5 - i))) & 31);
  return `${ADDRESS_PREFIX}1${[...data, ...checksum].map((v) => BECH32_ALPHABET[v]).join('')}`;
}

function decodeAddress(text) {
  const invalid = (why) => new Error(`${JSON.stringify(text)} is not a pot1... address: ${why}`);
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) throw invalid('mixed case');
  const separator = lower.lastIndexOf('1');
  if (lower.slice(0, separator) !== ADDRESS_PREFIX) {
    throw invalid(`prefix is not "${ADDRESS_PREFIX}"`);
  }
  const values = [...lower.slice(separator + 1)].map((c) => BECH32_ALPHABET.indexOf(c));
  if (values.length < 6 || values.includes(-1)) throw invalid('bad characters or too short');
  const checked = [...bech32ExpandPrefix(ADDRESS_PREFIX), ...values];
  if (bech32Polymod(checked) !== BECH32_CONSTANT) throw invalid('bad checksum');
  const bytes = regroupBits(values.slice(0, -6), 5, 8, false);
  if (bytes === null || bytes.length !== ADDRESS_BYTES) throw invalid(`not ${ADDRESS_BYTES} bytes`);
  return Buffer.from(bytes);
}

// ---------------------------------------------------------------------------------------------
// Keys: Ed25519 (RFC 8032) from a 32-byte seed

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): the 32 seed bytes follow this prefix.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function keyFromSeed(seed) {
  if (seed.length !== 32) throw new Error(`the seed must be 32 bytes, not ${seed.length}`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x, 'base64url');
  const address = sha256(publicKey).subarray(0, ADDRESS_BYTES);
  return { privateKey, publicKey, address };
}

// ---------------------------------------------------------------------------------------------
// Transactions (docs/encoding.md, "Signed transaction")

const TX_SIGNING_PREFIX = Buffer.from('pot/tx/v1', 'ascii');
const TX_MAX_BYTES = 65536;
const TYPE_TRANSFER = 1;

/** The signed part of a TRANSFER: chain id, nonce, fee, type tag, then its payload (to, amount). */
function encodeTransferBody({ chainId, nonce, fee, to, amount }) {
  return new Writer()
    .string(chainId, 32, 'chain id')
    .amount(nonce)
    .amount(fee)
    .u8(TYPE_TRANSFER)
    .fixed(to, ADDRESS_BYTES, 'recipient address')
    .amount(amount)
    .toBuffer();
}

/** body | signer public key | Ed25519 signature over "pot/tx/v1" || body. */
function signTransaction(body, key) {
  const signature = sign(null, Buffer.concat([TX_SIGNING_PREFIX, body]), key.privateKey);
  const tx = new Writer()
    .fixed(body, body.length, 'body')
    .fixed(key.publicKey, 32, 'public key')
    .fixed(signature, 64, 'signature')
    .toBuffer();
  if (tx.length > TX_MAX_BYTES) {
    throw new Error(`the transaction is ${tx.length} bytes, over ${TX_MAX_BYTES}`);
  }
  return tx;
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC 2.0 over HTTP POST (docs/rpc.md)

/** Accepts `host:port` or `http://host:port`, like the pot command line. */
function nodeUrl(text) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
}

/**
 * JSON.parse, keeping integers exact: the node writes amounts as JSON integers, which can exceed
 * what a JavaScript number holds (2^53). Integer literals longer than 15 digits outside strings
 * are turned into strings first; read them with `integer()`.
 */
function parseJsonExact(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const number = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))[0];
      out += /^-?[0-9]{16,}$/.test(number) ? `"${number}"` : number;
      i += number.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return JSON.parse(out);
}

/** A JSON integer from the node (a safe number, or a long one kept as a string) as a BigInt. */
function integer(value, what) {
  if ((typeof value === 'number' && Number.isSafeInteger(value))
      || (typeof value === 'string' && /^-?[0-9]+$/.test(value))) {
    return BigInt(value);
  }
  throw new Error(`the node's ${what} is not an integer: ${JSON.stringify(value)}`);
}

let nextRequestId = 1;

async function rpcCall(node, method, params) {
  const request = { jsonrpc: '2.0', id: nextRequestId++, method, params };
  let response;
  try {
    response = await fetch(node, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new Error(`cannot reach the node at ${node} (${e.cause?.message ?? e.message})`);
  }
  const text = await response.text();
  let answer;
  try {
    answer = parseJsonExact(text);
  } catch {
    throw new Error(
      `${method}: the node answered HTTP ${response.status} with no JSON: ${text.slice(0, 200)}`);
  }
  if (answer.error) {
    const { code, message } = answer.error;
    throw new Error(`${method}: the node answered error ${code}: ${message}`);
  }
  if (!('result' in answer)) {
    throw new Error(`${method}: the answer has no result: ${text.slice(0, 200)}`);
  }
  return answer.result;
}

// ---------------------------------------------------------------------------------------------
// The transfer

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls pot_getTransaction until the transaction is in a block; fails when rejected or dropped. */
async function waitUntilFinal(node, hash, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tx = await rpcCall(node, 'pot_getTransaction', { hash });
    switch (tx.status) {
      case 'accepted':
        return tx;
      case 'rejected':
        throw new Error(`transaction ${hash} was rejected in block ${tx.height}: ${tx.outcome}`);
      case 'unknown':
        throw new Error(`transaction ${hash} left the mempool without reaching a block`
          + ' (dropped: it fails when applied, e.g. the balance does not cover it)');
      case 'pending':
        break;
      default:
        throw new Error(`transaction ${hash} has an unknown status ${JSON.stringify(tx.status)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`transaction ${hash} is still pending after ${timeoutMs / 1000} s`);
    }
    await sleep(250);
  }
}

/** Checks that the body the node reports is the one that was signed, field by field. */
function checkReadBack(sent, got) {
  const expected = {
    hash: sent.hash,
    sender: sent.sender,
    nonce: sent.nonce,
    fee: sent.fee,
    type: 'TRANSFER',
    'payload.to': sent.to,
    'payload.amount': sent.amount,
  };
  const actual = {
    hash: got.hash,
    sender: got.sender,
    nonce: integer(got.nonce, 'nonce'),
    fee: integer(got.fee, 'fee'),
    type: got.type,
    'payload.to': got.payload?.to,
    'payload.amount': integer(got.payload?.amount, 'payload.amount'),
  };
  for (const field of Object.keys(expected)) {
    if (expected[field] !== actual[field]) {
      throw new Error(`read back ${field} ${actual[field]}, but sent ${expected[field]}`);
    }
  }
  if (got.events === undefined) return; // the node holds no events for that block
  const moved = got.events.some((e) => e.type === 'TRANSFER' && e.from === sent.sender
      && e.to === sent.to && integer(e.amount, 'event amount') === sent.amount);
  if (!moved) {
    throw new Error(`the transaction's events show no TRANSFER of ${sent.amount} to ${sent.to}`);
  }
}

async function transfer({ node, seed, to, amount, fee, timeoutMs }) {
  const key = keyFromSeed(seed);
  const sender = encodeAddress(key.address);
  const status = await rpcCall(node, 'pot_status', {});
  const account = await rpcCall(node, 'pot_getAccount', { address: sender });
  const nonce = integer(account.next_nonce, 'next_nonce');
  const chosenFee = fee ?? integer((await rpcCall(node, 'pot_getParams', {})).minFee, 'minFee');

  const body = encodeTransferBody({
    chainId: status.chain_id, nonce, fee: chosenFee, to: decodeAddress(to), amount,
  });
  const tx = signTransaction(body, key);
  const hash = sha256(tx).toString('hex');

  const sent = await rpcCall(node, 'pot_sendTransaction', { tx: tx.toString('hex') });
  if (sent.hash !== hash) {
    throw new Error(`the node hashed the transaction to ${sent.hash}, not ${hash}`);
  }
  if (!sent.admitted) throw new Error(`the node refused transaction ${hash}: ${sent.rejection}`);

  const final = await waitUntilFinal(node, hash, timeoutMs);
  checkReadBack({ hash, sender, nonce, fee: chosenFee, to, amount }, final);
  return {
    hash,
    height: integer(final.height, 'height'),
    status: final.status,
    outcome: final.outcome,
    index: integer(final.index, 'index'),
    sender,
    to,
    amount,
    fee: chosenFee,
    nonce,
  };
}

// ---------------------------------------------------------------------------------------------
// Self-test: the golden transfer of docs/encoding.md, rebuilt from its stated inputs

// A golden key's seed: SHA-256 of its label's ASCII bytes, then eight zero bytes.
const goldenSeed = (label) => sha256(Buffer.from(label, 'ascii'), Buffer.alloc(8));

const GOLDEN = {
  seed: goldenSeed('golden-signer'),
  signer: 'pot13m43rpuug265zqv86274x68d9yyfp83938ryer',
  chainId: 'pot-golden',
  nonce: 0n,
  fee: 11n,
  recipientSeed: goldenSeed('golden-peer'),
  to: 'pot1z8p42a4wlh2lmhllhhmsn8tjr9hqa4d730rxy2',
  amount: 1_000_000n,
  tx: '0000000a706f742d676f6c64656e' // chain id
    + '0000000000000000' // nonce
    + '000000000000000b' // fee
    + '01' // type TRANSFER
    + '11c35576aefdd5fddfffbdf7099d72196e0ed5be' // to
    + '00000000000f4240' // amount
    + '7c8bf968545d22720b06689e699743acda1ae094232eaf5ef3c7f06193c81b62' // signer
    + 'aa7d0722470d23b533048bdb566944ac6238665922eb24126833df54ca184602' // signature
    + 'ce04be0d4ee6bc8f71fae4d3832eceaffbc5b8080c952272f0c49133fb27b302',
  hash: '291a7ebc41ef350781ccb7c0329e93764d799961c2c0deb70e99862b713a2441',
};

function selfTest() {
  const key = keyFromSeed(GOLDEN.seed);
  const signer = encodeAddress(key.address);
  if (signer !== GOLDEN.signer) {
    throw new Error(`self-test: signer address ${signer}, expected ${GOLDEN.signer}`);
  }
  const to = decodeAddress(GOLDEN.to);
  if (!to.equals(keyFromSeed(GOLDEN.recipientSeed).address) || encodeAddress(to) !== GOLDEN.to) {
    throw new Error(`self-test: ${GOLDEN.to} is not the golden peer's address`);
  }
  const body = encodeTransferBody({ ...GOLDEN, to });
  const tx = signTransaction(body, key).toString('hex');
  if (tx !== GOLDEN.tx) throw new Error(`self-test: built ${tx}, expected ${GOLDEN.tx}`);
  const hash = sha256(Buffer.from(tx, 'hex')).toString('hex');
  if (hash !== GOLDEN.hash) throw new Error(`self-test: hash ${hash}, expected ${GOLDEN.hash}`);
  return { self_test: 'ok', tx, hash, signer, to: GOLDEN.to };
}

// ---------------------------------------------------------------------------------------------
// Command line

class UsageError extends Error {}

const USAGE = 'usage: transfer.mjs --node URL (--seed HEX | --seed-file FILE) --to pot1...'
  + ' --amount N [--fee N] [--timeout SECONDS] | --self-test';

function parseAmount(text, what) {
  if (!/^[0-9]+$/.test(text ?? '')) {
    throw new UsageError(`${what} must be a non-negative integer: ${text}`);
  }
  const value = BigInt(text);
  if (value >= AMOUNT_LIMIT) throw new UsageError(`${what} is too large: ${text}`);
  return value;
}

function parseSeed(hex) {
  const text = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new UsageError('the seed must be 64 hex digits (32 bytes)');
  }
  return Buffer.from(text, 'hex');
}

function readSeedFile(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the seed file: ${e.message}`);
  }
}

function parseCommandLine(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        node: { type: 'string' },
        seed: { type: 'string' },
        'seed-file': { type: 'string' },
        to: { type: 'string' },
        amount: { type: 'string' },
        fee: { type: 'string' },
        timeout: { type: 'string', default: '60' },
        'self-test': { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(`${e.message}; ${USAGE}`);
  }
  if (values['self-test']) return { selfTest: true };
  for (const name of ['node', 'to', 'amount']) {
    if (values[name] === undefined) throw new UsageError(`--${name} is required; ${USAGE}`);
  }
  if ((values.seed === undefined) === (values['seed-file'] === undefined)) {
    throw new UsageError(`give one of --seed and --seed-file; ${USAGE}`);
  }
  try {
    decodeAddress(values.to);
  } catch (e) {
    throw new UsageError(e.message);
  }
  const seedHex = values.seed ?? readSeedFile(values['seed-file']);
  return {
    node: nodeUrl(values.node),
    seed: parseSeed(seedHex),
    to: values.to.toLowerCase(),
    amount: parseAmount(values.amount, '--amount'),
    fee: values.fee === undefined ? undefined : parseAmount(values.fee, '--fee'),
    timeoutMs: Number(parseAmount(values.timeout, '--timeout')) * 1000,
  };
}

/** JSON with BigInt values written as plain integers. */
function toJsonLine(value) {
  return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `\u0000${v}\u0000` : v))
    .replace(/"\\u0000(-?[0-9]+)\\u0000"/g, '$1');
}

async function main() {
  try {
    const options = parseCommandLine(process.argv.slice(2));
    const result = options.selfTest ? selfTest() : await transfer(options);
    process.stdout.write(`${toJsonLine(result)}\n`);
  } catch (e) {
    process.stderr.write(`transfer: ${e.message}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

await main();
