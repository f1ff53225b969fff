# Verify a Latchkey access token locally with python-jose (Debian
# python3-jose). python-jose has no EdDSA: use LATCHKEY_JWT_ALG=ES256 or
# RS256 with it.
#   python3 verify_jose.py ISSUER AUDIENCE < token     -> the claims
import json
import sys
import urllib.request

from jose import jwt

issuer, audience = sys.argv[1], sys.argv[2]
token = sys.stdin.read().strip()
with urllib.request.urlopen(issuer + "/.well-known/jwks.json") as r:
    jwks = json.load(r)
kid = jwt.get_unverified_header(token)["kid"]
key = next(k for k in jwks["keys"] if k["kid"] == kid)
claims = jwt.decode(token, key, algorithms=[key["alg"]],
                    audience=audience, issuer=issuer)
print(json.dumps(claims))
