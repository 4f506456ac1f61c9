package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/why403/why403/probe"
)

// Names are checked with loops, not regular expressions: `{1,64}`
// compiled at start cost every run of why403 about 0.9 ms.

// validName is what a saved request may be called, [A-Za-z0-9._-] 1 to
// 64 times: safe in a file name, a shell word and a terminal alike.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// envName is an environment variable's name: [A-Za-z_][A-Za-z0-9_]*.
func envName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// ValidName reports whether name may name a saved request:
// [A-Za-z0-9._-], 1 to 64 characters.
func ValidName(name string) error {
	if !validName(name) {
		return fmt.Errorf("invalid name %q: use 1 to 64 of A-Z a-z 0-9 . _ -", name)
	}
	return nil
}

// ErrNotFound is returned by LoadRequest and DeleteRequest for a name that
// is not saved.
var ErrNotFound = errors.New("no saved request of that name")

// SaveOptions say what a saved request keeps.
type SaveOptions struct {
	// KeepSecrets stores tokens, passwords, cookies and credential
	// headers as they are. Off, they are left out (see WithoutSecrets).
	KeepSecrets bool
	// Token, when set, is where the token is read from on load instead of
	// being stored: "env:VAR" or "file:PATH".
	Token TokenRef
	// Secret names more headers that carry a secret whatever their name
	// (the app's API-key header).
	Secret []string
}

// TokenRef points at a token the store does not hold.
type TokenRef struct {
	// Source is "env:VAR" or "file:PATH"; empty: none.
	Source string `json:"source"`
	// Header is the header the token goes in as is ("X-Api-Key"); empty:
	// Authorization: Bearer.
	Header string `json:"header,omitempty"`
}

// Check says whether the reference is well formed.
func (t TokenRef) Check() error {
	kind, arg, _ := strings.Cut(t.Source, ":")
	switch {
	case kind == "env" && envName(arg):
	case kind == "file" && arg != "":
	default:
		return fmt.Errorf("token reference %q: want env:VAR or file:PATH", t.Source)
	}
	if t.Header != "" && !validHeaderName(t.Header) {
		return fmt.Errorf("token reference: invalid header name %q", t.Header)
	}
	return nil
}

func validHeaderName(s string) bool {
	for _, r := range s {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return s != ""
}

// maxTokenFile caps a token file read on load: a token is small, and a
// wrong path should not read a disk image into memory.
const maxTokenFile = 64 << 10

// Resolve reads the token the reference points at. getenv nil is os.Getenv.
func (t TokenRef) Resolve(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	kind, arg, _ := strings.Cut(t.Source, ":")
	switch kind {
	case "env":
		v := getenv(arg)
		if v == "" {
			return "", fmt.Errorf("the token comes from $%s, which is not set", arg)
		}
		return strings.TrimSpace(v), nil
	case "file":
		f, err := os.Open(arg)
		if err != nil {
			return "", fmt.Errorf("reading the token: %w", err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
		if err != nil {
			return "", fmt.Errorf("reading the token from %s: %w", arg, err)
		}
		if len(b) > maxTokenFile {
			return "", fmt.Errorf("reading the token from %s: larger than %d KiB", arg, maxTokenFile>>10)
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", fmt.Errorf("reading the token from %s: the file is empty", arg)
		}
		return tok, nil
	}
	return "", fmt.Errorf("token reference %q: want env:VAR or file:PATH", t.Source)
}

// EnvName is the environment variable the token is read from, "" when
// it comes from a file or nowhere: a copied command names it, as the
// saved request does.
func (t TokenRef) EnvName() string {
	if v, ok := strings.CutPrefix(t.Source, "env:"); ok {
		return v
	}
	return ""
}

// Saved is a request as it was saved.
type Saved struct {
	Name    string
	SavedAt time.Time
	// Request holds no secret unless it was saved with KeepSecrets.
	Request probe.Request
	// Token is where the token comes from, if the request was saved with a
	// reference (Request then carries none; see Resolve).
	Token TokenRef
	// Removed says what was left out ("Authorization header",
	// "password of -u"), so that the user can be told to set it again.
	Removed []string
	// Secret names the headers that carry a secret whatever their name.
	Secret []string
}

// Resolve is the request ready to send: with the token read from its
// reference, if it has one, and its secret headers named.
func (s Saved) Resolve(getenv func(string) string) (probe.Request, error) {
	req := s.Request
	req.SecretHeaders = s.Secret
	if s.Token.Source == "" {
		return req, nil
	}
	tok, err := s.Token.Resolve(getenv)
	if err != nil {
		return req, fmt.Errorf("saved request %s: %w", s.Name, err)
	}
	req.Headers = append([]probe.Header(nil), req.Headers...)
	if s.Token.Header == "" {
		req.Auth = probe.Credentials{Bearer: tok}
	} else {
		req.SetHeader(s.Token.Header, tok)
		// the token is a secret whatever its header's name
		req.SecretHeaders = append(slices.Clone(req.SecretHeaders), s.Token.Header)
	}
	return req, nil
}

// SaveRequest stores req under name, replacing one of that name.
func (s *Store) SaveRequest(ctx context.Context, name string, req probe.Request, opts SaveOptions) error {
	if err := ValidName(name); err != nil {
		return err
	}
	rec := storedRequest{Version: 1, Token: opts.Token, Secret: opts.Secret}
	if opts.Token.Source != "" {
		if err := opts.Token.Check(); err != nil {
			return err
		}
		// the reference replaces whatever token the request carried
		if opts.Token.Header == "" {
			req.Auth.Bearer = ""
			req.DelHeader("Authorization")
		} else {
			req.DelHeader(opts.Token.Header)
		}
	}
	if !opts.KeepSecrets {
		req, rec.Removed = WithoutSecrets(req, opts.Secret...)
	}
	rec.fromRequest(req)
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("saving %s: %w", name, err)
	}
	val, err := json.Marshal(savedRecord{SavedAt: time.Now().UnixNano(), Request: b})
	if err != nil {
		return fmt.Errorf("saving %s: %w", name, err)
	}
	err = s.saved.with(ctx, true, func(db *bolt.DB) error {
		replaced := false
		err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(requestsBucket)
			if err != nil {
				return err
			}
			replaced = b.Get([]byte(name)) != nil
			if replaced {
				// what was saved under that name may have held a secret
				if err := markWipe(tx); err != nil {
					return err
				}
			}
			return b.Put([]byte(name), val)
		})
		if err != nil || !replaced {
			return err
		}
		if err := compact(db, s.saved.path); err != nil {
			return &WipeError{Path: s.saved.path, Err: err}
		}
		return nil
	})
	var we *WipeError
	var dmg *DamagedError
	if err != nil && !errors.As(err, &we) && !errors.As(err, &dmg) {
		return fmt.Errorf("saving %s in %s: %w", name, s.saved.path, err)
	}
	return err
}

// LoadRequest reads the request saved under name.
func (s *Store) LoadRequest(ctx context.Context, name string) (Saved, error) {
	var val []byte
	err := s.saved.do(ctx, false, func(tx *bolt.Tx) error {
		val = nil
		if b := tx.Bucket(requestsBucket); b != nil {
			val = slices.Clone(b.Get([]byte(name)))
		}
		return nil
	})
	dmg, err := damaged(err)
	if err != nil {
		return Saved{}, fmt.Errorf("loading %s from %s: %w", name, s.saved.path, err)
	}
	if val == nil {
		return Saved{}, alsoDamaged(fmt.Errorf("loading %s: %w", name, ErrNotFound), dmg)
	}
	var sr savedRecord
	var rec storedRequest
	if err := json.Unmarshal(val, &sr); err != nil {
		return Saved{}, fmt.Errorf("loading %s: %w", name, err)
	}
	if err := json.Unmarshal(sr.Request, &rec); err != nil {
		return Saved{}, fmt.Errorf("loading %s: %w", name, err)
	}
	return Saved{Name: name, SavedAt: time.Unix(0, sr.SavedAt), Request: rec.toRequest(), Token: rec.Token, Removed: rec.Removed, Secret: rec.Secret}, nil
}

// Listed is one saved request in a listing.
type Listed struct {
	Name    string
	SavedAt time.Time
	Method  string
	// URL is masked (probe.MaskURL) whatever was saved.
	URL string
}

// ListRequests lists the saved requests by name.
func (s *Store) ListRequests(ctx context.Context) ([]Listed, error) {
	var out []Listed
	err := s.saved.do(ctx, false, func(tx *bolt.Tx) error {
		out = nil
		b := tx.Bucket(requestsBucket)
		if b == nil {
			return nil
		}
		// bbolt keeps keys in byte order: by name
		return b.ForEach(func(k, v []byte) error {
			l := Listed{Name: string(k)}
			var sr savedRecord
			if err := json.Unmarshal(v, &sr); err == nil {
				l.SavedAt = time.Unix(0, sr.SavedAt)
				var rec storedRequest
				if err := json.Unmarshal(sr.Request, &rec); err == nil {
					l.Method, l.URL = rec.Method, probe.MaskJWTs(probe.MaskURL(rec.URL))
				}
			}
			out = append(out, l)
			return nil
		})
	})
	dmg, err := damaged(err)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", s.saved.path, err)
	}
	return out, alsoDamaged(nil, dmg)
}

// DeleteRequest removes the request saved under name.
func (s *Store) DeleteRequest(ctx context.Context, name string) error {
	found := false
	err := s.saved.with(ctx, true, func(db *bolt.DB) error {
		found = false
		err := db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(requestsBucket)
			if b == nil || b.Get([]byte(name)) == nil {
				return nil
			}
			found = true
			// what was saved may have held a secret
			if err := markWipe(tx); err != nil {
				return err
			}
			return b.Delete([]byte(name))
		})
		if err != nil || !found {
			return err
		}
		if err := compact(db, s.saved.path); err != nil {
			return &WipeError{Path: s.saved.path, Err: err}
		}
		return nil
	})
	dmg, err := damaged(err)
	if err != nil {
		return fmt.Errorf("deleting %s from %s: %w", name, s.saved.path, err)
	}
	if !found {
		return alsoDamaged(fmt.Errorf("deleting %s: %w", name, ErrNotFound), dmg)
	}
	return alsoDamaged(nil, dmg)
}

// savedRecord is the JSON kept under a saved request's name. Request is
// a storedRequest, decoded apart so that a listing still shows a name
// whose request this version cannot read.
type savedRecord struct {
	SavedAt int64           `json:"saved_at"`
	Request json.RawMessage `json:"request"`
}

// storedRequest is the JSON kept for a request (in savedRecord and
// historyRecord): its own type, so that
// renaming a field of probe.Request does not lose what users saved.
// Fields are only ever added.
type storedRequest struct {
	Version int            `json:"version"`
	Method  string         `json:"method"`
	URL     string         `json:"url"`
	Headers []probe.Header `json:"headers,omitempty"`
	// BodyText holds a UTF-8 body as text, Body any other as base64.
	BodyText    string            `json:"body_text,omitempty"`
	Body        []byte            `json:"body,omitempty"`
	HasBody     bool              `json:"has_body,omitempty"`
	BodyFile    string            `json:"body_file,omitempty"`
	Bearer      string            `json:"bearer,omitempty"`
	BasicUser   string            `json:"basic_user,omitempty"`
	BasicPass   string            `json:"basic_pass,omitempty"`
	HasBasic    bool              `json:"has_basic,omitempty"`
	CertFile    string            `json:"cert_file,omitempty"`
	KeyFile     string            `json:"key_file,omitempty"`
	CAFile      string            `json:"ca_file,omitempty"`
	Insecure    bool              `json:"insecure,omitempty"`
	Proxy       string            `json:"proxy,omitempty"`
	NoProxy     string            `json:"no_proxy,omitempty"`
	NoProxySet  bool              `json:"no_proxy_set,omitempty"` // --noproxy '': NoProxy replaces no_proxy even empty
	ConnectTo   []string          `json:"connect_to,omitempty"`
	Timeouts    map[string]string `json:"timeouts,omitempty"`
	Follow      bool              `json:"follow,omitempty"`
	MaxRedirs   int               `json:"max_redirs"`
	Compressed  bool              `json:"compressed,omitempty"`
	HTTPVersion string            `json:"http_version,omitempty"`
	MaxBody     int64             `json:"max_body,omitempty"`

	Token   TokenRef `json:"token"`
	Removed []string `json:"removed,omitempty"`
	Secret  []string `json:"secret,omitempty"`
}

func (r *storedRequest) fromRequest(q probe.Request) {
	r.Method, r.URL, r.Headers = q.Method, q.URL, q.Headers
	r.HasBody, r.BodyFile = q.Body != nil, q.BodyFile
	if utf8.Valid(q.Body) {
		r.BodyText = string(q.Body)
	} else {
		r.Body = q.Body
	}
	r.Bearer, r.BasicUser, r.BasicPass, r.HasBasic = q.Auth.Bearer, q.Auth.BasicUser, q.Auth.BasicPass, q.Auth.HasBasic
	r.CertFile, r.KeyFile, r.CAFile, r.Insecure = q.TLS.CertFile, q.TLS.KeyFile, q.TLS.CAFile, q.TLS.Insecure
	r.Proxy, r.NoProxy, r.NoProxySet, r.ConnectTo = q.Proxy, q.NoProxy, q.NoProxySet, q.ConnectTo
	r.Timeouts = map[string]string{}
	for k, d := range map[string]time.Duration{
		"connect": q.Timeouts.Connect, "tls": q.Timeouts.TLS, "headers": q.Timeouts.Headers,
		"no_progress": q.Timeouts.NoProgress, "total": q.Timeouts.Total,
	} {
		if d != 0 {
			r.Timeouts[k] = d.String()
		}
	}
	r.Follow, r.MaxRedirs, r.Compressed, r.HTTPVersion, r.MaxBody = q.FollowRedirects, q.MaxRedirects, q.Compressed, q.HTTPVersion, q.MaxBodyBytes
}

func (r storedRequest) toRequest() probe.Request {
	q := probe.Request{
		Method: r.Method, URL: r.URL, Headers: r.Headers, BodyFile: r.BodyFile,
		Auth:  probe.Credentials{Bearer: r.Bearer, BasicUser: r.BasicUser, BasicPass: r.BasicPass, HasBasic: r.HasBasic},
		TLS:   probe.TLSOptions{CertFile: r.CertFile, KeyFile: r.KeyFile, CAFile: r.CAFile, Insecure: r.Insecure},
		Proxy: r.Proxy, NoProxy: r.NoProxy, NoProxySet: r.NoProxySet, ConnectTo: r.ConnectTo,
		FollowRedirects: r.Follow, MaxRedirects: r.MaxRedirs, Compressed: r.Compressed, HTTPVersion: r.HTTPVersion,
		MaxBodyBytes: r.MaxBody,
	}
	if r.HasBody {
		q.Body = append([]byte(r.BodyText), r.Body...)
	}
	d := func(k string) time.Duration {
		v, _ := time.ParseDuration(r.Timeouts[k])
		return v
	}
	q.Timeouts = probe.Timeouts{Connect: d("connect"), TLS: d("tls"), Headers: d("headers"), NoProgress: d("no_progress"), Total: d("total")}
	return q
}
