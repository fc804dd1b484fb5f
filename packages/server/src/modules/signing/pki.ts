/**
 * A throwaway PKI (tests, and the demo database's signing certificates) built with the `openssl` CLI (OpenSSL 3): a Vietnamese-named root CA and an
 * intermediate CA, one signer per unit with a PKCS#12 in OpenSSL's default format, plus the bad
 * certificates the verifier must refuse (expired, wrong purpose, untrusted, revoked). Plain TS with
 * no test-runner imports: the demo seed uses it too. RSA 2048 keeps the whole thing to a few seconds.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A signer's files: the PKCS#12 (key + certificate + chain), the certificate and the key in PEM. */
export interface TestSigner {
  p12Path: string;
  certPem: string;
  keyPem: string;
}

/** A unit to issue a signer certificate for. */
export interface TestUnit {
  key: string;
  commonName: string;
  organisation: string;
  /** RSA 2048 (default) or EC P-256. */
  keyAlgorithm?: 'rsa' | 'ec';
}

/** What {@link createTestPki} made. */
export interface TestPki {
  dir: string;
  /** Root + intermediate + CRL, ready for `loadTrustStore`. */
  trustDir: string;
  /** Root and intermediate concatenated, for `openssl cms -verify -CAfile`. */
  caFilePath: string;
  rootPem: string;
  intermediatePem: string;
  /** The intermediate's CRL (PEM), listing `revoked`. */
  crlPath: string;
  password: string;
  units: Record<string, TestSigner>;
  expired: TestSigner;
  wrongPurpose: TestSigner;
  untrusted: TestSigner;
  revoked: TestSigner;
}

/** Subject of the test root CA (a stand-in for the national root). */
export const TEST_ROOT_SUBJECT = {
  C: 'VN',
  O: 'Ban Cơ yếu Chính phủ (thử nghiệm)',
  CN: 'Cục Chứng thực số và Bảo mật thông tin (thử nghiệm)',
};
/** Subject of the test intermediate CA that issues the signers. */
export const TEST_INTERMEDIATE_SUBJECT = {
  C: 'VN',
  O: 'Ban Cơ yếu Chính phủ (thử nghiệm)',
  CN: 'Trung tâm Chứng thực điện tử chuyên dùng Chính phủ (thử nghiệm)',
};

const DEFAULT_UNITS: TestUnit[] = [{ key: 'so-tai-chinh', commonName: 'Nguyễn Văn Thành', organisation: 'Sở Tài chính tỉnh Thử nghiệm' }];

/**
 * Creates the PKI in `dir` (which may exist). Default PKCS#12 password 'Demo@12345'. `validFrom`
 * (default two days ago) lets tests on a fake clock in the past sign with these certificates.
 */
export async function createTestPki(dir: string, opts: { password?: string; units?: TestUnit[]; validFrom?: Date } = {}): Promise<TestPki> {
  const password = opts.password ?? 'Demo@12345';
  const units = opts.units ?? DEFAULT_UNITS;
  const caDir = join(dir, 'ca');
  const rootCaDir = join(dir, 'root-ca');
  const trustDir = join(dir, 'trust');
  for (const db of [caDir, rootCaDir]) {
    await mkdir(join(db, 'newcerts'), { recursive: true });
    await writeFile(join(db, 'index.txt'), '');
    await writeFile(join(db, 'serial'), db === caDir ? '1000\n' : '01\n');
    await writeFile(join(db, 'crlnumber'), '1000\n');
  }
  await mkdir(trustDir, { recursive: true });
  const cnf = join(dir, 'openssl.cnf');
  const path = (name: string) => join(dir, name);
  await writeFile(cnf, config({ dir: caDir, cert: path('intermediate.pem'), key: path('intermediate.key') }, { dir: rootCaDir, cert: path('root.pem'), key: path('root.key') }));
  const ossl = (...args: string[]) => run('openssl', args, { env: { ...process.env, PKI_PASS: password } });

  const rsa = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  const ec = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const keys: [string, string[]][] = [
    ...['root', 'intermediate', 'fake-root', 'expired', 'wrong-purpose', 'untrusted', 'revoked'].map((n): [string, string[]] => [n, rsa]),
    ...units.map((u): [string, string[]] => [`unit-${u.key}`, u.keyAlgorithm === 'ec' ? ec : rsa]),
  ];
  await Promise.all(keys.map(([name, algorithm]) => ossl('genpkey', ...algorithm, '-out', path(`${name}.key`))));

  // Everything starts two days ago: no clock-skew surprises, and signatures can be dated before the revocation.
  const day = 86_400_000;
  const from = opts.validFrom?.getTime() ?? Date.now() - 2 * day;
  const caValidity = ['-startdate', asn1Time(from), '-enddate', asn1Time(Date.now() + 3650 * day)];
  const leafValidity = ['-startdate', asn1Time(from), '-enddate', asn1Time(Date.now() + 825 * day)];
  const request = (name: string, subject: string) => ossl('req', '-new', '-config', cnf, '-utf8', '-key', path(`${name}.key`), '-subj', subject, '-sha256', '-out', path(`${name}.csr`));
  const caSign = async (name: string, extensions: string, dates: string[] = leafValidity, ca = 'intermediate_ca', extra: string[] = []) => {
    await ossl('ca', '-batch', '-config', cnf, '-name', ca, '-notext', '-utf8', '-in', path(`${name}.csr`), '-extensions', extensions, ...dates, ...extra, '-out', path(`${name}.pem`));
  };

  await request('root', dn(TEST_ROOT_SUBJECT));
  await caSign('root', 'v3_root', caValidity, 'root_ca', ['-selfsign', '-keyfile', path('root.key')]);
  await request('intermediate', dn(TEST_INTERMEDIATE_SUBJECT));
  await caSign('intermediate', 'v3_intermediate', caValidity, 'root_ca');

  const signerDn = (cn: string, o: string) => dn({ C: 'VN', O: o, CN: cn });
  for (const unit of units) {
    await request(`unit-${unit.key}`, signerDn(unit.commonName, unit.organisation));
    await caSign(`unit-${unit.key}`, 'signer');
  }
  await request('expired', signerDn('Trần Thị Hết Hạn', 'Sở Thử nghiệm'));
  await caSign('expired', 'signer', ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']);
  await request('wrong-purpose', signerDn('Máy chủ web thử nghiệm', 'Sở Thử nghiệm'));
  await caSign('wrong-purpose', 'server_only');
  await request('revoked', signerDn('Lê Văn Thu Hồi', 'Sở Thử nghiệm'));
  await caSign('revoked', 'signer');
  await ossl('ca', '-batch', '-config', cnf, '-revoke', path('revoked.pem'), '-crl_reason', 'keyCompromise');
  const crlPath = join(trustDir, 'intermediate.crl');
  await ossl('ca', '-batch', '-config', cnf, '-gencrl', '-out', crlPath);

  await ossl('req', '-new', '-x509', '-config', cnf, '-utf8', '-key', path('fake-root.key'), '-subj', dn({ C: 'VN', O: 'Tổ chức không tin cậy', CN: 'CA giả mạo (thử nghiệm)' }), '-extensions', 'v3_root', '-days', '3650', '-sha256', '-out', path('fake-root.pem'));
  await request('untrusted', signerDn('Phạm Văn Giả', 'Tổ chức không tin cậy'));
  await ossl('x509', '-req', '-in', path('untrusted.csr'), '-CA', path('fake-root.pem'), '-CAkey', path('fake-root.key'), '-set_serial', '3', '-days', '365', '-sha256', '-extfile', cnf, '-extensions', 'signer', '-out', path('untrusted.pem'));

  const rootPem = await readFile(path('root.pem'), 'utf8');
  const intermediatePem = await readFile(path('intermediate.pem'), 'utf8');
  const caFilePath = path('ca-chain.pem');
  await writeFile(caFilePath, intermediatePem + rootPem);
  await writeFile(join(trustDir, 'root.pem'), rootPem);
  await writeFile(join(trustDir, 'intermediate.pem'), intermediatePem);
  await writeFile(path('fake-chain.pem'), await readFile(path('fake-root.pem'), 'utf8'));

  const bundle = async (name: string, chainFile: string): Promise<TestSigner> => {
    const p12Path = path(`${name}.p12`);
    await ossl('pkcs12', '-export', '-inkey', path(`${name}.key`), '-in', path(`${name}.pem`), '-certfile', chainFile, '-name', name, '-passout', 'env:PKI_PASS', '-out', p12Path);
    return { p12Path, certPem: await readFile(path(`${name}.pem`), 'utf8'), keyPem: await readFile(path(`${name}.key`), 'utf8') };
  };
  const unitSigners: Record<string, TestSigner> = {};
  for (const unit of units) unitSigners[unit.key] = await bundle(`unit-${unit.key}`, caFilePath);
  return {
    dir,
    trustDir,
    caFilePath,
    rootPem,
    intermediatePem,
    crlPath,
    password,
    units: unitSigners,
    expired: await bundle('expired', caFilePath),
    wrongPurpose: await bundle('wrong-purpose', caFilePath),
    untrusted: await bundle('untrusted', path('fake-chain.pem')),
    revoked: await bundle('revoked', caFilePath),
  };
}

/** `/C=VN/O=…/CN=…` for `-subj`, most significant first so the certificate reads "CN=…, O=…, C=VN". */
function dn(parts: { C: string; O: string; CN: string }): string {
  const esc = (s: string) => s.replace(/[\\/]/g, (c) => `\\${c}`);
  return `/C=${esc(parts.C)}/O=${esc(parts.O)}/CN=${esc(parts.CN)}`;
}

/** An `openssl ca -startdate/-enddate` time (YYYYMMDDHHMMSSZ) for a moment in ms. */
function asn1Time(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function caSection(name: string, ca: { dir: string; cert: string; key: string }): string {
  return `
[ ${name} ]
database = ${ca.dir}/index.txt
serial = ${ca.dir}/serial
crlnumber = ${ca.dir}/crlnumber
new_certs_dir = ${ca.dir}/newcerts
certificate = ${ca.cert}
private_key = ${ca.key}
default_md = sha256
default_days = 825
default_crl_days = 30
policy = policy_any
preserve = yes
unique_subject = no
copy_extensions = none
email_in_dn = no
string_mask = utf8only
crl_extensions = crl_ext
`;
}

function config(intermediate: { dir: string; cert: string; key: string }, root: { dir: string; cert: string; key: string }): string {
  return `${caSection('intermediate_ca', intermediate)}${caSection('root_ca', root)}
[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes

[ req_dn ]

[ ca ]
default_ca = intermediate_ca

[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied

[ crl_ext ]
authorityKeyIdentifier = keyid:always

[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_intermediate ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ signer ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ server_only ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;
}

/**
 * Issues a signing certificate to each unit from a fresh test PKI in `workDir`, and installs it as the
 * server expects: `<keysDir>/<unit code>.p12`, and the CA certificates and CRL in `trustDir`. Used by
 * the demo database (its certificates say "thử nghiệm" and have no legal value) and by the tests.
 */
export async function installUnitKeys(
  workDir: string,
  target: { keysDir: string; trustDir: string },
  units: { code: string; name: string; organisation?: string }[],
  opts: { password?: string; validFrom?: Date } = {},
): Promise<TestPki> {
  const pki = await createTestPki(workDir, {
    ...opts,
    units: units.map((u) => ({ key: u.code.replace(/[^A-Za-z0-9_-]/g, '_'), commonName: u.name, organisation: u.organisation ?? u.name })),
  });
  await mkdir(target.keysDir, { recursive: true });
  await mkdir(target.trustDir, { recursive: true });
  for (const u of units) await copyFile(pki.units[u.code.replace(/[^A-Za-z0-9_-]/g, '_')]!.p12Path, join(target.keysDir, `${u.code}.p12`));
  for (const f of await readdir(pki.trustDir)) await copyFile(join(pki.trustDir, f), join(target.trustDir, f));
  return pki;
}
