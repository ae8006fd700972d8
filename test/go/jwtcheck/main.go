// jwtcheck: the reference validator of the tests. It reads a credentials store (nsc's layout, as
// src/core/trust/layout.ts writes it) and/or single files with nats-io's Go libraries (jwt/v2 and
// nkeys, what nsc and nats-server use) and prints one JSON line per file: what Go decoded and every
// finding. Built offline in GOPATH mode from Debian's packages (see build.sh).
//
//	jwtcheck PATH...   a folder is a store root (<root>/stores/<OP>/..., <root>/keys/...);
//	                   a file is checked on its own by its extension (.jwt, .nk, .creds)
//
// Exit status: 0 when no finding is an error (expired claims and warnings are not), 1 when some
// finding is an error, 2 when the arguments are wrong. Findings have a code, a severity ("error",
// "time" for expired or not-yet-valid claims, "warning") and Go's message.
package main

import (
	"bytes"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

type finding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type signingKey struct {
	Key      string                    `json:"key"`
	Scoped   bool                      `json:"scoped"`
	Role     string                    `json:"role,omitempty"`
	Template *jwt.UserPermissionLimits `json:"template,omitempty"`
}

// decoded is what Go read, for the tests to compare byte for byte with what they meant to write.
type decoded struct {
	Name          string                         `json:"name"`
	Subject       string                         `json:"sub"`
	Issuer        string                         `json:"iss"`
	Expires       int64                          `json:"exp,omitempty"`
	Tags          []string                       `json:"tags,omitempty"`
	Description   string                         `json:"description,omitempty"`
	SystemAccount string                         `json:"system_account,omitempty"`
	SigningKeys   []signingKey                   `json:"signing_keys,omitempty"`
	IssuerAccount string                         `json:"issuer_account,omitempty"`
	Pub           *jwt.Permission                `json:"pub,omitempty"`
	Sub           *jwt.Permission                `json:"sub_perm,omitempty"`
	Exports       []string                       `json:"exports,omitempty"`
	Imports       []string                       `json:"imports,omitempty"`
	JetStream     bool                           `json:"jetstream,omitempty"`
	Tiers         map[string]jwt.JetStreamLimits `json:"tiers,omitempty"`
	Bearer        bool                           `json:"bearer,omitempty"`
	Scoped        bool                           `json:"scoped,omitempty"`
}

type record struct {
	File     string    `json:"file"`
	Kind     string    `json:"kind"`
	Decoded  *decoded  `json:"decoded,omitempty"`
	Seed     string    `json:"public_key,omitempty"`
	Findings []finding `json:"findings"`
}

func (r *record) add(code, severity, format string, args ...interface{}) {
	r.Findings = append(r.Findings, finding{code, severity, fmt.Sprintf(format, args...)})
}

func (r *record) errorf(code, format string, args ...interface{}) {
	r.add(code, "error", format, args...)
}

var errorsFound bool

func emit(r *record) {
	if r.Findings == nil {
		r.Findings = []finding{}
	}
	for _, f := range r.Findings {
		if f.Severity == "error" {
			errorsFound = true
		}
	}
	line, err := json.Marshal(r)
	if err != nil {
		fmt.Fprintf(os.Stderr, "jwtcheck: %v\n", err)
		os.Exit(2)
	}
	os.Stdout.Write(append(line, '\n'))
}

// ---- JWTs -------------------------------------------------------------------------------------

// goHash is jwt/v2's (unexported) ClaimsData.hash: the jti it writes when it encodes.
func goHash(c jwt.ClaimsData) string {
	c.ID = ""
	j, _ := json.Marshal(c)
	h := sha512.Sum512_256(j)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:])
}

// textChecks: the claims part must be UTF-8 (Go silently reads U+FFFD for anything else), and no
// text may turn into U+FFFD while decoding (e.g. an escaped lone surrogate).
func textChecks(r *record, body []byte) {
	if !utf8.Valid(body) {
		r.errorf("utf8", "the claims are not valid UTF-8: Go reads U+FFFD in place of the invalid bytes")
		return
	}
	var generic interface{}
	if err := json.Unmarshal(body, &generic); err != nil {
		return
	}
	inText := strings.Count(string(body), "\uFFFD") + strings.Count(strings.ToLower(string(body)), `\ufffd`)
	decodedCount := 0
	var walk func(v interface{})
	walk = func(v interface{}) {
		switch t := v.(type) {
		case string:
			decodedCount += strings.Count(t, "\uFFFD")
		case []interface{}:
			for _, x := range t {
				walk(x)
			}
		case map[string]interface{}:
			for k, x := range t {
				decodedCount += strings.Count(k, "\uFFFD")
				walk(x)
			}
		}
	}
	walk(generic)
	if decodedCount > inText {
		r.errorf("lossy-text", "%d character(s) of the claims decode to U+FFFD (text that is not valid Unicode)", decodedCount-inText)
	}
}

// strict decodes the claims part again refusing fields Go does not know (and, for scoped signing
// keys, which Go decodes on its own, their templates too).
func strict(r *record, body []byte, target interface{}) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		r.errorf("unknown-field", "strict decoding: %v", err)
	}
	var withKeys struct {
		Nats struct {
			SigningKeys []json.RawMessage `json:"signing_keys"`
		} `json:"nats"`
	}
	if json.Unmarshal(body, &withKeys) != nil {
		return
	}
	for _, raw := range withKeys.Nats.SigningKeys {
		if len(raw) == 0 || raw[0] != '{' {
			continue
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		var us jwt.UserScope
		if err := d.Decode(&us); err != nil {
			r.errorf("unknown-field", "strict decoding of a scoped signing key: %v", err)
		}
	}
}

func validate(r *record, c jwt.Claims) {
	vr := jwt.CreateValidationResults()
	c.Validate(vr)
	for _, issue := range vr.Issues {
		switch {
		case issue.TimeCheck && strings.Contains(issue.Description, "expired"):
			r.add("expired", "time", "%s", issue.Description)
		case issue.TimeCheck:
			r.add("not-yet-valid", "time", "%s", issue.Description)
		case issue.Blocking:
			r.errorf("validate", "%s", issue.Description)
		default:
			r.add("validate-warning", "warning", "%s", issue.Description)
		}
	}
	cd := c.Claims()
	if cd.ID != goHash(*cd) {
		r.add("jti", "warning", "jti %q is not the hash Go computes for these claims (%s)", cd.ID, goHash(*cd))
	}
}

// readJwt reads a JWT file and runs the checks every JWT gets; body is the decoded claims part.
func readJwt(r *record, file string) (token string, body []byte, ok bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		r.errorf("read", "%v", err)
		return "", nil, false
	}
	token = strings.TrimSpace(string(data))
	return token, jwtBody(r, token), true
}

func jwtBody(r *record, token string) []byte {
	chunks := strings.Split(token, ".")
	if len(chunks) != 3 {
		return nil
	}
	body, err := base64.RawURLEncoding.DecodeString(chunks[1])
	if err != nil {
		return nil
	}
	textChecks(r, body)
	return body
}

func signingKeysOf(sk jwt.SigningKeys) []signingKey {
	out := []signingKey{}
	for _, k := range sk.Keys() {
		s := signingKey{Key: k}
		if scope, _ := sk.GetScope(k); scope != nil {
			s.Scoped = true
			if us, ok := scope.(*jwt.UserScope); ok {
				s.Role = us.Role
				t := us.Template
				s.Template = &t
			}
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func checkName(r *record, got, want string) {
	if want != "" && got != want {
		r.errorf("name-mismatch", "the JWT names %q, its file says %q", got, want)
	}
}

func checkOperator(file, wantName string) *jwt.OperatorClaims {
	r := &record{File: file, Kind: "operator"}
	defer emit(r)
	token, body, ok := readJwt(r, file)
	if !ok {
		return nil
	}
	oc, err := jwt.DecodeOperatorClaims(token)
	if err != nil {
		r.errorf("decode", "%v", err)
		return nil
	}
	strict(r, body, &jwt.OperatorClaims{})
	validate(r, oc)
	if oc.Issuer != oc.Subject {
		r.errorf("issuer", "an operator JWT must be self-signed; issued by %s", oc.Issuer)
	}
	checkName(r, oc.Name, wantName)
	r.Decoded = &decoded{Name: oc.Name, Subject: oc.Subject, Issuer: oc.Issuer, Expires: oc.Expires, Tags: oc.Tags,
		SystemAccount: oc.SystemAccount}
	for _, k := range oc.SigningKeys {
		r.Decoded.SigningKeys = append(r.Decoded.SigningKeys, signingKey{Key: k})
	}
	return oc
}

func checkAccount(file, wantName string, oc *jwt.OperatorClaims) *jwt.AccountClaims {
	r := &record{File: file, Kind: "account"}
	defer emit(r)
	token, body, ok := readJwt(r, file)
	if !ok {
		return nil
	}
	ac, err := jwt.DecodeAccountClaims(token)
	if err != nil {
		r.errorf("decode", "%v", err)
		return nil
	}
	strict(r, body, &jwt.AccountClaims{})
	validate(r, ac)
	if oc != nil && !oc.DidSign(ac) {
		r.errorf("issuer", "signed by %s, which is neither the operator %s nor one of its signing keys", ac.Issuer, oc.Subject)
	}
	checkName(r, ac.Name, wantName)
	d := &decoded{Name: ac.Name, Subject: ac.Subject, Issuer: ac.Issuer, Expires: ac.Expires, Tags: ac.Tags,
		Description: ac.Description, SigningKeys: signingKeysOf(ac.SigningKeys), JetStream: ac.Limits.IsJSEnabled()}
	for _, e := range ac.Exports {
		d.Exports = append(d.Exports, string(e.Subject))
	}
	for _, i := range ac.Imports {
		d.Imports = append(d.Imports, string(i.Subject))
	}
	if len(ac.Limits.JetStreamTieredLimits) > 0 {
		d.Tiers = map[string]jwt.JetStreamLimits(ac.Limits.JetStreamTieredLimits)
	}
	r.Decoded = d
	return ac
}

// userChecks: what nats-server checks of a user against its account, then the user's own checks.
func userChecks(r *record, token string, body []byte, wantName string, ac *jwt.AccountClaims) *jwt.UserClaims {
	uc, err := jwt.DecodeUserClaims(token)
	if err != nil {
		r.errorf("decode", "%v", err)
		return nil
	}
	strict(r, body, &jwt.UserClaims{})
	validate(r, uc)
	if ac != nil {
		switch {
		case uc.IssuerAccount != "" && uc.IssuerAccount != ac.Subject:
			r.errorf("issuer-account", "issuer_account is %s, not the account %s", uc.IssuerAccount, ac.Subject)
		case uc.Issuer == ac.Subject:
		case !ac.SigningKeys.Contains(uc.Issuer):
			r.errorf("issuer", "signed by %s, which is neither the account %s nor one of its signing keys", uc.Issuer, ac.Subject)
		case uc.IssuerAccount == "":
			r.errorf("issuer-account", "signed by the account signing key %s but without issuer_account", uc.Issuer)
		}
		if scope, ok := ac.SigningKeys.GetScope(uc.Issuer); ok && scope != nil {
			if err := scope.ValidateScopedSigner(uc); err != nil {
				r.errorf("scope", "%v", err)
			}
		}
		// As nats-server checks it (jwt's IsClaimRevoked also refuses a JWT without iat; the server does not).
		if ac.Revocations.IsRevoked(uc.Subject, time.Unix(uc.IssuedAt, 0)) {
			r.errorf("revoked", "the account revoked this user")
		}
	}
	checkName(r, uc.Name, wantName)
	d := &decoded{Name: uc.Name, Subject: uc.Subject, Issuer: uc.Issuer, Expires: uc.Expires, Tags: uc.Tags,
		IssuerAccount: uc.IssuerAccount, Bearer: uc.BearerToken, Scoped: uc.HasEmptyPermissions()}
	if !uc.Pub.Empty() {
		p := uc.Pub
		d.Pub = &p
	}
	if !uc.Sub.Empty() {
		s := uc.Sub
		d.Sub = &s
	}
	r.Decoded = d
	return uc
}

func checkUser(file, wantName string, ac *jwt.AccountClaims) {
	r := &record{File: file, Kind: "user"}
	defer emit(r)
	token, body, ok := readJwt(r, file)
	if !ok {
		return
	}
	userChecks(r, token, body, wantName, ac)
}

// ---- seeds and creds -------------------------------------------------------------------------

func checkMode(r *record, file string) {
	if st, err := os.Stat(file); err == nil && st.Mode().Perm()&0o077 != 0 {
		r.errorf("mode", "mode %o: a secret must be readable by its owner only (0600)", st.Mode().Perm())
	}
}

func checkSeed(file string) {
	r := &record{File: file, Kind: "seed"}
	defer emit(r)
	data, err := os.ReadFile(file)
	if err != nil {
		r.errorf("read", "%v", err)
		return
	}
	checkMode(r, file)
	kp, err := nkeys.FromSeed(bytes.TrimSpace(data))
	if err != nil {
		r.errorf("seed", "not a valid seed: %v", err)
		return
	}
	pk, err := kp.PublicKey()
	if err != nil {
		r.errorf("seed", "%v", err)
		return
	}
	r.Seed = pk
	if want := strings.TrimSuffix(filepath.Base(file), ".nk"); pk != want {
		r.errorf("seed-mismatch", "the seed's public key is %s, its file is named %s", pk, want)
	} else if dir := filepath.Dir(file); filepath.Base(dir) != pk[1:3] || filepath.Base(filepath.Dir(dir)) != pk[:1] {
		r.errorf("seed-location", "a seed of %s belongs in keys/%s/%s/", pk, pk[:1], pk[1:3])
	}
}

func checkCreds(file, wantName string, ac *jwt.AccountClaims, storeJwt string) {
	r := &record{File: file, Kind: "creds"}
	defer emit(r)
	data, err := os.ReadFile(file)
	if err != nil {
		r.errorf("read", "%v", err)
		return
	}
	checkMode(r, file)
	token, err := jwt.ParseDecoratedJWT(data)
	if err != nil {
		r.errorf("creds", "no JWT: %v", err)
		return
	}
	uc := userChecks(r, token, jwtBody(r, token), wantName, ac)
	kp, err := jwt.ParseDecoratedUserNKey(data)
	if err != nil {
		r.errorf("creds", "no user seed: %v", err)
		return
	}
	pk, _ := kp.PublicKey()
	r.Seed = pk
	if uc != nil && pk != uc.Subject {
		r.errorf("creds-mismatch", "the seed is the key of %s, the JWT's subject is %s", pk, uc.Subject)
	}
	if storeJwt != "" && token != storeJwt {
		r.add("creds-stale", "warning", "the JWT differs from the user's JWT in the store")
	}
}

// ---- stores ----------------------------------------------------------------------------------

func dirs(dir string) []string {
	items, _ := os.ReadDir(dir)
	var out []string
	for _, it := range items {
		if it.IsDir() {
			out = append(out, it.Name())
		}
	}
	return out
}

func filesWith(dir, ext string) []string {
	items, _ := os.ReadDir(dir)
	var out []string
	for _, it := range items {
		if !it.IsDir() && strings.HasSuffix(it.Name(), ext) {
			out = append(out, it.Name())
		}
	}
	return out
}

func checkStore(root string) {
	stores := filepath.Join(root, "stores")
	keys := filepath.Join(root, "keys")
	accountsOf := map[string]map[string]*jwt.AccountClaims{}
	userJwts := map[string]string{}
	for _, op := range dirs(stores) {
		opFile := filepath.Join(stores, op, op+".jwt")
		var oc *jwt.OperatorClaims
		if _, err := os.Stat(opFile); err == nil {
			oc = checkOperator(opFile, op)
		}
		accountsOf[op] = map[string]*jwt.AccountClaims{}
		accountsDir := filepath.Join(stores, op, "accounts")
		for _, acc := range dirs(accountsDir) {
			accFile := filepath.Join(accountsDir, acc, acc+".jwt")
			var ac *jwt.AccountClaims
			if _, err := os.Stat(accFile); err == nil {
				ac = checkAccount(accFile, acc, oc)
			}
			accountsOf[op][acc] = ac
			usersDir := filepath.Join(accountsDir, acc, "users")
			for _, u := range filesWith(usersDir, ".jwt") {
				checkUser(filepath.Join(usersDir, u), strings.TrimSuffix(u, ".jwt"), ac)
				if text, err := os.ReadFile(filepath.Join(usersDir, u)); err == nil {
					userJwts[filepath.Join(op, acc, strings.TrimSuffix(u, ".jwt"))] = strings.TrimSpace(string(text))
				}
			}
		}
	}
	_ = filepath.Walk(filepath.Join(keys, "keys"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ".nk") {
			checkSeed(p)
		}
		return nil
	})
	credsRoot := filepath.Join(keys, "creds")
	for _, op := range dirs(credsRoot) {
		for _, acc := range dirs(filepath.Join(credsRoot, op)) {
			for _, c := range filesWith(filepath.Join(credsRoot, op, acc), ".creds") {
				name := strings.TrimSuffix(c, ".creds")
				checkCreds(filepath.Join(credsRoot, op, acc, c), name, accountsOf[op][acc], userJwts[filepath.Join(op, acc, name)])
			}
		}
	}
}

func checkFile(file string) {
	switch {
	case strings.HasSuffix(file, ".nk"):
		checkSeed(file)
	case strings.HasSuffix(file, ".creds"):
		checkCreds(file, "", nil, "")
	case strings.HasSuffix(file, ".jwt"):
		r := &record{File: file, Kind: "jwt"}
		token, _, ok := readJwt(r, file)
		if ok {
			claims, err := jwt.Decode(token)
			if err != nil {
				r.errorf("decode", "%v", err)
			} else {
				r.Kind = string(claims.ClaimType())
			}
		}
		if ok && r.Kind == jwt.OperatorClaim {
			checkOperator(file, "")
		} else if ok && r.Kind == jwt.AccountClaim {
			checkAccount(file, "", nil)
		} else if ok && r.Kind == jwt.UserClaim {
			checkUser(file, "", nil)
		} else {
			emit(r)
		}
	default:
		fmt.Fprintf(os.Stderr, "jwtcheck: %s: not a folder, .jwt, .nk or .creds file\n", file)
		os.Exit(2)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: jwtcheck STORE_ROOT|FILE...")
		os.Exit(2)
	}
	for _, arg := range os.Args[1:] {
		st, err := os.Stat(arg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "jwtcheck: %v\n", err)
			os.Exit(2)
		}
		if st.IsDir() {
			checkStore(arg)
		} else {
			checkFile(arg)
		}
	}
	if errorsFound {
		os.Exit(1)
	}
}
