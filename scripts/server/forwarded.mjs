import { isIP } from "node:net";

// Which client address to believe. X-Forwarded-For is a list anyone can start: each proxy appends the address it
// received the request from, so only the entries our own proxies appended — counted from the right, next to the
// socket — are facts. With no trusted proxy (the default) the socket's peer is the client.

/** Headers only a trusted proxy may set; with none configured they come from the client and are dropped. */
const PROXY_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"];

/**
 * TRUSTED_PROXY_HOPS as a number: how many proxies in front of this server append to X-Forwarded-For.
 * @param {string | undefined} value
 * @returns {number}
 */
export function parseTrustedHops(value) {
  if (value === undefined || value.trim() === "") return 0;
  if (!/^\d{1,2}$/.test(value.trim())) {
    throw new RangeError(`TRUSTED_PROXY_HOPS must be a whole number of proxies in front of Meridian (0 when clients connect directly), not "${value}"`);
  }
  return Number(value.trim());
}

/**
 * An address as written by a proxy or a socket, or null: brackets and ports removed, IPv4-mapped IPv6 as plain IPv4.
 * @param {string | undefined} value
 * @returns {string | null}
 */
export function normalizeAddress(value) {
  let address = value?.trim() ?? "";
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address : null;
}

/**
 * The client's address: the entry `trustedHops` places left of the socket's peer in the forwarding chain. When that
 * entry is not an address (a misconfigured proxy, or fewer proxies than configured), the socket's peer.
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header(s) as received
 * @param {string | undefined} socketAddress the TCP peer
 * @param {number} trustedHops
 * @returns {string | null}
 */
export function clientAddress(forwardedFor, socketAddress, trustedHops) {
  const peer = normalizeAddress(socketAddress);
  if (trustedHops === 0) return peer;
  const claimed = [forwardedFor ?? []].flat().flatMap((header) => header.split(","));
  const chain = [...claimed, socketAddress ?? ""];
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]) ?? peer;
}

/**
 * Rewrites a Node request's headers before Next.js sees them: X-Forwarded-For becomes the one client address, and
 * forwarding headers no trusted proxy can have set are removed (X-Real-IP always: nothing here sets it).
 * @param {import("node:http").IncomingHttpHeaders} headers mutated in place
 * @param {string | undefined} socketAddress
 * @param {number} trustedHops
 */
export function trustForwardedHeaders(headers, socketAddress, trustedHops) {
  const address = clientAddress(headers["x-forwarded-for"], socketAddress, trustedHops);
  delete headers["x-real-ip"];
  if (trustedHops === 0) for (const name of PROXY_HEADERS) delete headers[name];
  if (address) headers["x-forwarded-for"] = address;
  else delete headers["x-forwarded-for"];
}
