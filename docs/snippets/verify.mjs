// Verify a Latchkey access token locally with jsonwebtoken + jwks-rsa.
//   node verify.mjs ISSUER AUDIENCE < token     -> the claims, as JSON
// jsonwebtoken 9 has no EdDSA: run Latchkey with LATCHKEY_JWT_ALG=ES256
// or RS256 for it (or use `jose`, which has all three).
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';

const [issuer, audience] = process.argv.slice(2);
let token = '';
for await (const chunk of process.stdin) token += chunk;
token = token.trim();

const jwks = jwksRsa({ jwksUri: `${issuer}/.well-known/jwks.json`, cache: true });
const { header } = jwt.decode(token, { complete: true }) ?? {};
if (!header?.kid) throw new Error('not a JWT with a kid');
const key = await jwks.getSigningKey(header.kid);
const claims = jwt.verify(token, key.getPublicKey(), {
  algorithms: ['ES256', 'RS256'], // asymmetric only: never HS256
  audience,
  issuer,
});
console.log(JSON.stringify(claims));
