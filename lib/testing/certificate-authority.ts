import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// A certificate authority made by the openssl CLI for one test run (never committed), and the server and client
// certificates it signs. Each step works in a temporary folder that is removed before it returns: keys live in memory.

export interface IssuedCertificate {
  key: Buffer;
  cert: Buffer;
  pem: string;
}

export interface TestCertificateAuthority {
  /** The CA's own certificate: what a peer is told to trust. */
  cert: Buffer;
  pem: string;
  /** A certificate for `subjectAltName` (e.g. "DNS:localhost,IP:127.0.0.1"), usable by a server and by a client. */
  issue(commonName: string, subjectAltName?: string): IssuedCertificate;
}

function inTemporaryFolder<T>(work: (folder: string, openssl: (args: string[]) => void) => T): T {
  const folder = mkdtempSync(path.join(tmpdir(), "test-ca-"));
  try {
    return work(folder, (args) => execFileSync("openssl", args, { cwd: folder, stdio: "ignore" }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// P-256 keys: quick to make, and taken by Node, PostgreSQL and Redis alike.
const NEW_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export function makeCertificateAuthority(name: string): TestCertificateAuthority {
  const { key, cert } = inTemporaryFolder((folder, openssl) => {
    openssl(["req", "-x509", ...NEW_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", `/CN=${name}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    return { key: readFileSync(path.join(folder, "ca.key")), cert: readFileSync(path.join(folder, "ca.crt")) };
  });
  return {
    cert,
    pem: cert.toString(),
    issue: (commonName, subjectAltName = `DNS:${commonName}`) =>
      inTemporaryFolder((folder, openssl) => {
        writeFileSync(path.join(folder, "ca.key"), key, { mode: 0o600 });
        writeFileSync(path.join(folder, "ca.crt"), cert);
        writeFileSync(path.join(folder, "extensions.cnf"), `subjectAltName=${subjectAltName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n`);
        openssl(["req", "-new", ...NEW_KEY, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", `/CN=${commonName}`]);
        openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.crt", "-days", "1", "-extfile", "extensions.cnf"]);
        const issued = readFileSync(path.join(folder, "leaf.crt"));
        return { key: readFileSync(path.join(folder, "leaf.key")), cert: issued, pem: issued.toString() };
      }),
  };
}
