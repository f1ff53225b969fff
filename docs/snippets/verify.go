// Verify a Latchkey access token locally with Go's standard library only
// (no module to download): EdDSA, ES256 and RS256.
//
//	go run verify.go ISSUER AUDIENCE < token     -> the claims, as JSON
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"strings"
	"time"
)

type jwk struct {
	Kty, Crv, Kid, Alg, X, Y, N, E string
}

func b64(s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

// verify checks the signature with the JWKS key named by kid, under
// that key's alg only: the token's own alg must agree with it.
func verify(token string, keys []jwk) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWS")
	}
	var h struct{ Alg, Kid string }
	if json.Unmarshal(b64(parts[0]), &h) != nil {
		return nil, errors.New("bad header")
	}
	msg, sig := []byte(parts[0]+"."+parts[1]), b64(parts[2])
	digest := sha256.Sum256(msg)
	for _, k := range keys {
		if k.Kid != h.Kid || k.Alg != h.Alg {
			continue
		}
		ok := false
		switch k.Alg {
		case "EdDSA":
			ok = len(b64(k.X)) == ed25519.PublicKeySize &&
				ed25519.Verify(ed25519.PublicKey(b64(k.X)), msg, sig)
		case "ES256":
			pub := ecdsa.PublicKey{Curve: elliptic.P256(),
				X: new(big.Int).SetBytes(b64(k.X)),
				Y: new(big.Int).SetBytes(b64(k.Y))}
			ok = len(sig) == 64 && ecdsa.Verify(&pub, digest[:],
				new(big.Int).SetBytes(sig[:32]),
				new(big.Int).SetBytes(sig[32:]))
		case "RS256":
			pub := rsa.PublicKey{N: new(big.Int).SetBytes(b64(k.N)),
				E: int(new(big.Int).SetBytes(b64(k.E)).Int64())}
			ok = rsa.VerifyPKCS1v15(&pub, crypto.SHA256, digest[:],
				sig) == nil
		}
		if !ok {
			return nil, errors.New("bad signature")
		}
		var c map[string]any
		if json.Unmarshal(b64(parts[1]), &c) != nil {
			return nil, errors.New("bad claims")
		}
		return c, nil
	}
	return nil, errors.New("no key for this kid and alg")
}

func main() {
	issuer, audience := os.Args[1], os.Args[2]
	in, _ := io.ReadAll(os.Stdin)
	res, err := http.Get(issuer + "/.well-known/jwks.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var set struct{ Keys []jwk }
	if err := json.NewDecoder(res.Body).Decode(&set); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c, err := verify(strings.TrimSpace(string(in)), set.Keys)
	if err == nil {
		exp, _ := c["exp"].(float64)
		switch {
		case c["iss"] != issuer:
			err = errors.New("wrong iss")
		case c["aud"] != audience:
			err = errors.New("wrong aud")
		case int64(exp) <= time.Now().Unix():
			err = errors.New("expired")
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, _ := json.Marshal(c)
	fmt.Println(string(out))
}
