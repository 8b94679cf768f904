import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackParams } from '@ossbox/protocol';
import { deliverCallback, type DeliverCallbackOptions } from './deliver-callback.js';

// Self-signed for DNS:localhost and IP:127.0.0.1, valid until 2126 (openssl req -x509 -days 36500).
const CERT = `-----BEGIN CERTIFICATE-----
MIIDJzCCAg+gAwIBAgIUK1CKIZCAmu1kC2lp446kEAnpNTMwDQYJKoZIhvcNAQEL
BQAwFDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTA3MTQyOVoYDzIxMjYx
MTAxMDcxNDI5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQCypg8azvlxu18CdHcRmUXc3XKtWcwR2F3o1K1Ru+Wc
QbfjsZ8bvt+Jpt3IDTg7t5hNq696E8ngzFbRCdn0sGBIbglX8kw/nDDZ4IxmJcXU
d5kvQIM7yyIVGsSdxtPi2FXB+H6acsA/Cm/Ki5d/zGtzS9jwfmkBn0IxCRkrdQ7o
6NTPE3BmSEoRRyegBEZw3zDyH8Hev5N5NoKwdOrWhqiduC8MBqLTy0ZoyY0m/EYy
b7tKC9hvgsZahhJKPUD4MF8EOPMxdT0ezY4VYTIzr0QQNfBnQH4QLduCIAyKL9Oh
WngTEEyeBI3V+pl5/cdBROgFopxA7nqjs569HLFVK4RlAgMBAAGjbzBtMB0GA1Ud
DgQWBBS+Xz3XRQR1oP/afWPuPDXCCipbsTAfBgNVHSMEGDAWgBS+Xz3XRQR1oP/a
fWPuPDXCCipbsTAPBgNVHRMBAf8EBTADAQH/MBoGA1UdEQQTMBGCCWxvY2FsaG9z
dIcEfwAAATANBgkqhkiG9w0BAQsFAAOCAQEAksSLMOahCAMZidgfgC5+Mjr3rOeH
vLeMfF+RuEREEYT+TniQ1iuRxcT57vaASZK7Rh9OXt0Iw3uT4MMrwd5P1p4xMFbQ
igPMHjQO6YMcQW6cu2OenK8HRyh9IBZwckvwTL/fRAA5GT1B4cNKkIjXs7XwONyN
tf/+Rz4iKhBVC45CKBiOFo76/cpfQTmkk165pfGW0zhXw0XAL5HCzJDp1o9y7GeC
KczBs2uN2+hQDNrHMPo+W5hucj/lch0YH07yXl2X+i5q0aPPpURMV6le/EF8FZ2b
iFtJM/DV0q87yA9HjQpuMk1HKK1INQ6yaIoFzvaX1w/Dkosv2UGzJ4rbkg==
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCypg8azvlxu18C
dHcRmUXc3XKtWcwR2F3o1K1Ru+WcQbfjsZ8bvt+Jpt3IDTg7t5hNq696E8ngzFbR
Cdn0sGBIbglX8kw/nDDZ4IxmJcXUd5kvQIM7yyIVGsSdxtPi2FXB+H6acsA/Cm/K
i5d/zGtzS9jwfmkBn0IxCRkrdQ7o6NTPE3BmSEoRRyegBEZw3zDyH8Hev5N5NoKw
dOrWhqiduC8MBqLTy0ZoyY0m/EYyb7tKC9hvgsZahhJKPUD4MF8EOPMxdT0ezY4V
YTIzr0QQNfBnQH4QLduCIAyKL9OhWngTEEyeBI3V+pl5/cdBROgFopxA7nqjs569
HLFVK4RlAgMBAAECggEAE4RjK7rHSLQU4Kfy/C1iaGCZxIjba8BXc3Y3YIcRF4hH
JpfYpJzZP2jHW7GKCQgj76myjY6M5G4ei/mHYh1Eyj+Z7g2ZY+z/RJuswFofFKO4
92RqZ0VoJKXHK4o1ytd3Ta4wEqqNCItuLtLKSzAniwc9x6Rfz3QOigc5meRQ1oQD
5UtN121++lYj9i8f5ffUeDUvc+zsXgkbjfXRSpFzbCpVxQg4OCVjcDDQns5HY1Qg
1htn2Lsj+qVq0NFnbKE3dUrpUynDgKVVTDkPBNr88AaRj15FL26Uh3CE/CAUUDeE
GYBPzqzB3FFx4/zG4niWbKWuBYw9undNYW4oKpPs3wKBgQDfNi8fmyxCWhdPEcnQ
dHh8AJ62bavqcR28GS141Y3/IR5+KZY7T+zdd7BkIi7ZDmDaFMPHhfzKr25Gl8/S
saOjJV9MLMNzjRiDGYZiC5x/9P8BSdd59w7OX+XhYEQMlykMTRs4SIraUfYQD2Ih
w8ZV1AF6XqJj59ReBiwKKha4LwKBgQDM5BhsdygTth83EwT5cSIYW96mzJ00kSum
s3PhPF0arVA185ua9aAgrA7mOuKxknaNLOf7aBi7aAOnsfd6a06L+fB1vUI82kEJ
qjIF25G4vd6zEpISoZtKG3MtPomVoLEpkPcyIVYYC1DTF5KonCMw4NA6REfJz7uf
WAhwRR0TqwKBgB04F5UYmAObjX+RQYzjIj6BSkVxN9b5tb3Awf4WXn8uU7KKORtM
jCI1n8aL3vwU8MK7gyFkPcI+kr3084SOMnCR3Na46WD/8FyBA+FjybnKVXNSuj1C
BRMo5IvLMT1AsGPm2BBXFq4bmo1hpiPrX9Qua38cUj+nwloIjs1J0y2LAoGAQ2wz
1U2ItKPTtc3eby8ZZyakKANhH/E9ige3dEDm6mZp5LcbV2zImrfD12M9Qe3OcTp7
xDFHIjRiL4bSx0gUet9uj3AOIfQ4PrPw7hiI5WAlrovH4bWoYkSSLCtOHxzX77Oy
hJ6PtC3VFQHG0xE+S1FPdD0P2osvVIoljLxRiy0CgYEAgxyKVOzDwt5WGcElwPw4
aix4t+HcN9Vi73ELmKDWiqqCNXsNDJUb4N1AWT5LBqpb2GgXN5aChNjjzGU1coSW
/m/Lxm1H5cyhxo53YRoMZ5PiDDlr3FJY64XZ3r/hecYj03Jqci5CpC27NiwxFvGb
BFt9bS+NWgO6f+1wXZO/mgY=
-----END PRIVATE KEY-----
`;

let server: Server;
let port: number;
const seen: Array<{ servername: string | false | null; target: string | undefined }> = [];

beforeAll(async () => {
  server = createServer({ cert: CERT, key: KEY }, (req, res) => {
    seen.push({ servername: (req.socket as TLSSocket).servername, target: req.url });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
    res.end('{}');
  });
  // No host: listen on every address, so `localhost` works whichever family it resolves to first.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const options: DeliverCallbackOptions = {
  privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
  publicKeyUrl: 'http://127.0.0.1:1/_ossbox/callback_pub_key_v1.pem',
  timeoutMs: 3000,
  ca: CERT,
};

function input(url: string, sni: boolean | undefined) {
  const params: CallbackParams = { urls: [url], body: 'b', bodyType: 'application/x-www-form-urlencoded' };
  if (sni !== undefined) params.sni = sni;
  return { params, body: 'b', requestId: 'r1', bucket: 'demo', key: 'k' };
}

describe('deliverCallback over HTTPS (docs/callback-protocol.md §1.3 callbackSNI)', () => {
  it('sends SNI only when callbackSNI is true', async () => {
    seen.length = 0;
    const withSni = await deliverCallback(input(`https://localhost:${port}/sni?`, true), options);
    const withoutSni = await deliverCallback(input(`https://localhost:${port}/plain`, false), options);
    const byDefault = await deliverCallback(input(`https://localhost:${port}/default`, undefined), options);
    expect([withSni.ok, withoutSni.ok, byDefault.ok]).toEqual([true, true, true]);
    expect(seen).toEqual([
      { servername: 'localhost', target: '/sni?' },
      { servername: false, target: '/plain' },
      { servername: false, target: '/default' },
    ]);
  });

  it('fails with the connect message when the certificate is not trusted', async () => {
    const outcome = await deliverCallback(input(`https://localhost:${port}/x`, true), { ...options, ca: undefined });
    expect(outcome).toMatchObject({
      ok: false,
      message: 'Error status : -1.OSS can not connect to your callbackUrl, please check it',
      ec: '0007-00000203',
    });
  });
});
