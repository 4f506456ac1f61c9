package curlargs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// maxInline caps a file read into memory (-d @file, -F name=@file, ...).
// A lone --data-binary @FILE larger than this is sent from disk instead.
const maxInline = 16 << 20

type dataKind int

const (
	dataPlain     dataKind = iota // -d: @file with CR and LF removed
	dataRaw                       // --data-raw: no @
	dataBinary                    // --data-binary: @file verbatim
	dataURLEncode                 // --data-urlencode
	dataJSON                      // --json: @file verbatim, joined without &
)

type dataArg struct {
	flag   string
	kind   dataKind
	arg    string
	pasted bool // its files are named, not read
}

type formArg struct {
	flag    string
	arg     string
	literal bool // --form-string: no @, < or ;type=
	pasted  bool // its files are named, not read
}

// readFile reads an @file argument; "-" is standard input.
func (p *parser) readFile(flag, path string) ([]byte, error) {
	if path == "-" {
		if p.stdin == nil {
			return nil, usagef("%s @-: reading standard input is not supported here; save the data to a file and pass @FILE", flag)
		}
		if p.stdinToken {
			return nil, usagef("%s @-: standard input holds the token (--token -); put the data in a file and pass @FILE", flag)
		}
		if p.stdinUsed {
			return nil, nil // consumed by an earlier @-, as in curl
		}
		p.stdinUsed = true
		data, err := io.ReadAll(io.LimitReader(p.stdin, maxInline+1))
		if err != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("%s @-: reading standard input: %v", flag, err), Err: err}
		}
		if len(data) > maxInline {
			return nil, usagef("%s @-: standard input is larger than %d MiB", flag, maxInline>>20)
		}
		return data, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(flag, path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, usagef("%s: cannot read %q: it is a directory", flag, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxInline+1))
	if err != nil {
		return nil, fileError(flag, path, err)
	}
	if len(data) > maxInline {
		return nil, usagef("%s: %q is larger than %d MiB; send big files alone with --data-binary @FILE", flag, path, maxInline>>20)
	}
	return data, nil
}

func fileError(flag, path string, err error) *UsageError {
	reason := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err
	}
	return &UsageError{Msg: fmt.Sprintf("%s: cannot read %q: %v", flag, path, reason), Err: err}
}

// body joins the data arguments as curl does: pieces separated by "&",
// except that --json pieces are appended without one. A lone
// --data-binary @FILE too big to hold is returned as a file to send from
// disk. The result is non-nil when there was any data, even empty data.
func (p *parser) body() (data []byte, bodyFile string, err error) {
	if len(p.data) == 1 && p.data[0].kind == dataBinary && !p.get && !p.data[0].pasted {
		if path, ok := strings.CutPrefix(p.data[0].arg, "@"); ok && path != "-" {
			if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && st.Size() > maxInline {
				f, err := os.Open(path)
				if err != nil {
					return nil, "", fileError(p.data[0].flag, path, err)
				}
				f.Close()
				return nil, path, nil
			}
		}
	}
	buf := []byte{}
	for i, d := range p.data {
		piece, err := p.dataPiece(d)
		if err != nil {
			return nil, "", err
		}
		if i > 0 && d.kind != dataJSON {
			buf = append(buf, '&')
		}
		buf = append(buf, piece...)
	}
	return buf, "", nil
}

func (p *parser) dataPiece(d dataArg) ([]byte, error) {
	switch d.kind {
	case dataRaw:
		return []byte(d.arg), nil
	case dataURLEncode:
		return p.urlencodePiece(d)
	}
	path, ok := strings.CutPrefix(d.arg, "@")
	if !ok {
		return []byte(d.arg), nil
	}
	if p.skipPasted(d.pasted, d.flag+" @", path) {
		return []byte{}, nil
	}
	data, err := p.readFile(d.flag, path)
	if err != nil {
		return nil, err
	}
	if d.kind == dataPlain {
		// curl -d @file posts the file as form data: line ends are dropped.
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r"), nil), []byte("\n"), nil)
	}
	return data, nil
}

// urlencodePiece implements --data-urlencode's forms: "content", "=content",
// "name=content", "@file" and "name@file"; the first = or @ decides. Names
// are sent as given; content is encoded as curl does (space as +).
func (p *parser) urlencodePiece(d dataArg) ([]byte, error) {
	i := strings.IndexAny(d.arg, "=@")
	if i < 0 {
		return []byte(url.QueryEscape(d.arg)), nil
	}
	name, content := d.arg[:i], d.arg[i+1:]
	if d.arg[i] == '@' && p.skipPasted(d.pasted, d.flag+" @", content) {
		content = ""
	} else if d.arg[i] == '@' {
		data, err := p.readFile(d.flag, content)
		if err != nil {
			if ue, ok := err.(*UsageError); ok && name != "" {
				ue.Msg += fmt.Sprintf(" (%q means name@file; write =%s to send it as text)", d.arg, d.arg)
			}
			return nil, err
		}
		content = string(data)
	}
	enc := url.QueryEscape(content)
	if name == "" {
		return []byte(enc), nil
	}
	return []byte(name + "=" + enc), nil
}

// form builds the multipart/form-data body of the -F arguments, and
// returns it with its Content-Type (which carries the boundary).
func (p *parser) form() ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range p.forms {
		if err := p.formPart(w, f); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func (p *parser) formPart(w *multipart.Writer, f formArg) error {
	name, rest, ok := strings.Cut(f.arg, "=")
	if !ok || name == "" {
		return usagef(`%s %q: write NAME=CONTENT (NAME=@FILE uploads a file, NAME=<FILE reads a field from one)`, f.flag, f.arg)
	}
	var content []byte
	var fileName, ctype string
	var extra []userHeader
	if f.literal {
		content = []byte(rest)
	} else {
		mode := byte(0)
		if rest != "" && (rest[0] == '@' || rest[0] == '<') {
			mode, rest = rest[0], rest[1:]
		}
		word, params, err := formWord(rest)
		if err != nil {
			return usagef("%s %q: %v", f.flag, f.arg, err)
		}
		for params != "" {
			// params starts with ';': the next is key=value or a bare word.
			params = strings.TrimLeft(params[1:], " \t")
			end := strings.IndexAny(params, "=;")
			if end < 0 || params[end] == ';' {
				key := params
				if end >= 0 {
					key, params = params[:end], params[end:]
				} else {
					params = ""
				}
				if key = strings.Trim(key, " \t"); key != "" {
					p.warn(`%s %q: ignoring %q, as curl does (quote the value, "a;b", to send a ";")`, f.flag, f.arg, key)
				}
				continue
			}
			key := strings.ToLower(strings.Trim(params[:end], " \t"))
			var val string
			val, params, err = formWord(params[end+1:])
			if err != nil {
				return usagef("%s %q: %v", f.flag, f.arg, err)
			}
			switch key {
			case "type":
				// curl keeps MIME parameters (";charset=utf-8") in the type.
				for params != "" && !knownFormParam(params[1:]) {
					next := strings.IndexByte(params[1:], ';')
					if next < 0 {
						val, params = val+params, ""
					} else {
						val, params = val+params[:next+1], params[next+1:]
					}
				}
				ctype = val
			case "filename":
				fileName = val
			case "headers":
				hs, err := p.formHeaders(f.flag, val, f.pasted)
				if err != nil {
					return err
				}
				extra = append(extra, hs...)
			case "encoder":
				p.warn("%s %q: encoder= is ignored", f.flag, f.arg)
			default:
				p.warn(`%s %q: ignoring %q, as curl does (quote the value, "a;b", to send a ";")`, f.flag, f.arg, key+"="+val)
			}
		}
		switch mode {
		case '@', '<':
			if word == "" {
				return usagef("%s %q: no file name after %c", f.flag, f.arg, mode)
			}
			if !p.skipPasted(f.pasted, f.flag+" "+string(mode), word) {
				data, err := p.readFile(f.flag, word)
				if err != nil {
					return err
				}
				content = data
			}
			if mode == '@' {
				if fileName == "" && word != "-" {
					fileName = filepath.Base(word)
				}
				if ctype == "" {
					ctype = guessType(fileName)
				}
			} else {
				fileName = "" // curl sends a "<file" field as text
			}
		default:
			content = []byte(word)
		}
	}
	for _, s := range []string{name, fileName, ctype} {
		if strings.ContainsAny(s, "\r\n\x00") {
			return usagef("%s %q: a line break in a field name, file name or type would break the form", f.flag, f.arg)
		}
	}
	h := textproto.MIMEHeader{}
	disp := `form-data; name="` + quoteParam(name) + `"`
	if fileName != "" {
		disp += `; filename="` + quoteParam(fileName) + `"`
	}
	h.Set("Content-Disposition", disp)
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	for _, e := range extra {
		if !e.remove {
			h.Add(e.name, e.value)
		}
	}
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = part.Write(content)
	return err
}

// formWord reads one -F value: either "double quoted" (\" and \\ escape) or
// up to the next ';' with blanks trimmed. rest is what follows, from ';'.
func formWord(s string) (word, rest string, err error) {
	t := strings.TrimLeft(s, " \t")
	if strings.HasPrefix(t, `"`) {
		var b strings.Builder
		for i := 1; i < len(t); i++ {
			switch c := t[i]; {
			case c == '\\' && i+1 < len(t) && (t[i+1] == '"' || t[i+1] == '\\'):
				i++
				b.WriteByte(t[i])
			case c == '"':
				rest = strings.TrimLeft(t[i+1:], " \t")
				if rest != "" && rest[0] != ';' {
					return "", "", fmt.Errorf("unexpected %q after the closing quote", rest)
				}
				return b.String(), rest, nil
			default:
				b.WriteByte(c)
			}
		}
		return "", "", errors.New("missing closing quote")
	}
	if i := strings.IndexByte(s, ';'); i >= 0 {
		return strings.Trim(s[:i], " \t"), s[i:], nil
	}
	return strings.Trim(s, " \t"), "", nil
}

// formHeaders reads headers= of a -F part: one header, or @FILE of them.
func (p *parser) formHeaders(flag, val string, pasted bool) ([]userHeader, error) {
	lines := []string{val}
	if path, ok := strings.CutPrefix(val, "@"); ok {
		if p.skipPasted(pasted, flag+" headers=@", path) {
			return nil, nil
		}
		data, err := p.readFile(flag, path)
		if err != nil {
			return nil, err
		}
		lines = strings.Split(string(data), "\n")
	}
	var out []userHeader
	for _, l := range lines {
		l = strings.Trim(strings.TrimSuffix(l, "\r"), " \t")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		h, err := parseHeader(flag+" headers=", l)
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(h.name+h.value, "\r\n\x00") {
			return nil, usagef("%s headers=: a line break in %q would break the form", flag, l)
		}
		out = append(out, h)
	}
	return out, nil
}

func knownFormParam(s string) bool {
	key, _, ok := strings.Cut(s, "=")
	switch strings.ToLower(strings.Trim(key, " \t")) {
	case "type", "filename", "headers", "encoder":
		return ok
	}
	return false
}

func quoteParam(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// guessType is curl's own short table of file types for -F uploads; other
// files are application/octet-stream.
func guessType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gif":
		return "image/gif"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain"
	case ".htm", ".html":
		return "text/html"
	case ".pdf":
		return "application/pdf"
	case ".xml":
		return "application/xml"
	}
	return "application/octet-stream"
}
