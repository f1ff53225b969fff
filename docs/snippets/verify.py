# Verify a Latchkey access token locally with PyJWT (Debian python3-jwt).
#   python3 verify.py ISSUER AUDIENCE < token     -> the claims, as JSON
import json
import sys

import jwt

issuer, audience = sys.argv[1], sys.argv[2]
token = sys.stdin.read().strip()

# The JWKS lists every key in use or in its rotation window; PyJWKClient
# fetches it (and again when a token names a kid it hasn't seen).
jwks = jwt.PyJWKClient(issuer + "/.well-known/jwks.json")
key = jwks.get_signing_key_from_jwt(token)
claims = jwt.decode(
    token,
    key.key,
    # Only asymmetric algorithms: never HS256 with a public key.
    algorithms=["EdDSA", "ES256", "RS256"],
    audience=audience,
    issuer=issuer,
    options={"require": ["exp", "iat", "iss", "aud", "sub"]},
)
print(json.dumps(claims))
