import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// Support for the probe tests: certificates made by the openssl CLI in a temporary folder for this run only
// (never committed), and local servers on free ports.

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  /** The certificate as PEM, to pass as the probe's `ca` (each one is self-signed, so it is its own CA). */
  pem: string;
}

export interface TestCertificates {
  /** For localhost and 127.0.0.1, valid today. */
  local: TestCertificate;
  /** Valid, but for another host name. */
  elsewhere: TestCertificate;
  /** For localhost, expired on 2 January 2020. */
  expired: TestCertificate;
}

const CA_CONFIG = `[ca]
default_ca = probe
[probe]
database = index.txt
new_certs_dir = .
serial = serial
policy = anything
default_md = sha256
copy_extensions = copy
[anything]
commonName = supplied
`;

function openssl(folder: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: folder, stdio: "ignore" });
}

function read(folder: string, name: string): TestCertificate {
  const cert = readFileSync(path.join(folder, `${name}.crt`));
  return { key: readFileSync(path.join(folder, `${name}.key`)), cert, pem: cert.toString() };
}

function selfSigned(folder: string, name: string, subjectAltName: string): TestCertificate {
  openssl(folder, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "1", "-subj", "/CN=probe-test", "-addext", `subjectAltName=${subjectAltName}`]);
  return read(folder, name);
}

/** `openssl req -x509` cannot backdate, so the expired one is signed by `openssl ca`, which can. */
function expiredSelfSigned(folder: string, name: string): TestCertificate {
  writeFileSync(path.join(folder, "ca.cnf"), CA_CONFIG);
  writeFileSync(path.join(folder, "index.txt"), "");
  writeFileSync(path.join(folder, "serial"), "01\n");
  openssl(folder, ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]);
  openssl(folder, ["ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", `${name}.key`, "-in", `${name}.csr`, "-out", `${name}.crt`, "-startdate", "20200101000000Z", "-enddate", "20200102000000Z"]);
  return read(folder, name);
}

/** Made in a temporary folder that is removed before this returns: the keys live only in memory. */
export function makeTestCertificates(): TestCertificates {
  const folder = mkdtempSync(path.join(tmpdir(), "probe-tls-"));
  try {
    return {
      local: selfSigned(folder, "local", "DNS:localhost,IP:127.0.0.1"),
      elsewhere: selfSigned(folder, "elsewhere", "DNS:elsewhere.test"),
      expired: expiredSelfSigned(folder, "expired"),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts `server` on a free loopback port and remembers it for closeAll. */
export async function listenLocally(server: net.Server, started: net.Server[]): Promise<number> {
  started.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on: bound once, then closed. */
export async function closedPort(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function closeAll(started: net.Server[]): void {
  for (const server of started) {
    server.close();
    if ("closeAllConnections" in server && typeof server.closeAllConnections === "function") server.closeAllConnections();
  }
}
