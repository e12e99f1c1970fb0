import { pastedSecretKind, redacted } from '../../constructs/lib/pasted-secrets';

describe('pasted credentials', () => {
  test.each([
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nabc', 'a private key'],
    ['-----BEGIN PRIVATE KEY-----', 'a private key'],
    ['[Interface]\nPrivateKey = abc=', 'a WireGuard private key (a PrivateKey line); give public keys only (wg pubkey < private key)'],
    ['PrivateKey=abc', 'a WireGuard private key (a PrivateKey line); give public keys only (wg pubkey < private key)'],
    ['key AKIAABCDEFGHIJKLMNOP here', 'an access key ID'],
    ['postgres://mlflow:pw@db:5432/mlflow', 'a URL with a password'],
  ])('%j looks like %s', (value, kind) => {
    expect(pastedSecretKind(value)).toBe(kind);
  });

  test.each([
    'PublicKey = abc=',
    '-----BEGIN CERTIFICATE-----',
    'AKIAABCDEFGHIJKLMNO',
    'xAKIAABCDEFGHIJKLMNOP',
    'https://user@host/',
    'https://host:443/path',
    'postgres://mlflow@db:5432/mlflow',
  ])('%j looks like no credential', (value) => {
    expect(pastedSecretKind(value)).toBeUndefined();
    expect(redacted(value)).toBe(value);
  });

  test('a credential shows as what it looks like and its length', () => {
    expect(redacted('PrivateKey = abc')).toBe('<redacted: a WireGuard private key, 16 characters>');
    expect(redacted('-----BEGIN RSA PRIVATE KEY-----')).toBe('<redacted: a private key, 31 characters>');
  });
});
