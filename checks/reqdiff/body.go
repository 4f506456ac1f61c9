package reqdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// member is one top-level member of a JSON object, in order.
type member struct {
	key string
	raw json.RawMessage
}

// object reads a JSON object's top-level members in order; ok is false
// for anything else (an array, invalid JSON, trailing data).
func object(b []byte) ([]member, bool) {
	if len(b) == 0 || len(b) > maxFieldBody {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		k, isKey := t.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, false
		}
		out = append(out, member{key: k, raw: raw})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, false // more after the object
	}
	return out, true
}

// maxFieldBody bounds the bodies compared field by field.
const maxFieldBody = 1 << 20

func find(ms []member, k string) (json.RawMessage, bool) {
	for _, m := range ms {
		if m.key == k {
			return m.raw, true
		}
	}
	return nil, false
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

func isForm(r probe.Request) bool {
	ct, _ := r.Header("Content-Type")
	return strings.Contains(strings.ToLower(ct), "application/x-www-form-urlencoded")
}

func (c *comparer) body() {
	a, b := c.a, c.b
	if bytes.Equal(a.Body, b.Body) && a.BodyFile == b.BodyFile {
		return
	}
	if a.BodyFile != "" || b.BodyFile != "" {
		u := c.unit(Unit{Kind: "body", Said: "the body"})
		c.add(Item{Group: GroupBody, Kind: Changed, Name: "body", A: fileOrSize(a), B: fileOrSize(b), Causes: bodyCauses, Unit: u})
		return
	}
	oa, okA := object(a.Body)
	ob, okB := object(b.Body)
	if okA && okB {
		c.jsonFields(oa, ob)
		return
	}
	if isForm(a) && isForm(b) {
		c.formFields()
		return
	}
	u := c.unit(Unit{Kind: "body", Said: "the body"})
	c.add(Item{Group: GroupBody, Kind: kindOf(len(a.Body) > 0, len(b.Body) > 0), Name: "body",
		A: c.excerpt(c.ra, a), B: c.excerpt(c.rb, b), Causes: bodyCauses, Unit: u})
}

func kindOf(inA, inB bool) string {
	switch {
	case !inB:
		return OnlyA
	case !inA:
		return OnlyB
	}
	return Changed
}

func fileOrSize(r probe.Request) string {
	if r.BodyFile != "" {
		return "read from " + r.BodyFile
	}
	return fmt.Sprintf("%d bytes", len(r.Body))
}

// excerpt shows a body masked, cut to a line.
func (c *comparer) excerpt(red probe.Redactor, r probe.Request) string {
	if len(r.Body) == 0 {
		return ""
	}
	ct, _ := r.Header("Content-Type")
	s := red.RequestBody(ct, r.Body)
	const max = 60
	if len([]rune(s)) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return fmt.Sprintf("%d bytes: %s", len(r.Body), s)
}

// jsonFields compares two JSON objects member by member: each top-level
// member is a unit; members that are objects on both sides are compared
// further, each nested difference named by its path and undone by its
// top-level member's unit.
func (c *comparer) jsonFields(oa, ob []member) {
	for _, k := range memberKeys(oa, ob) {
		va, inA := find(oa, k)
		vb, inB := find(ob, k)
		if inA && inB && compact(va) == compact(vb) {
			continue
		}
		na, objA := object(va)
		nb, objB := object(vb)
		if inA && inB && objA && objB {
			u := c.unit(Unit{Kind: "field", Key: k, Said: "JSON field " + k})
			c.nestedFields(k, na, nb, u, 1)
			continue
		}
		it := c.fieldItem(k, k, va, vb, inA, inB)
		said := "JSON field " + k + " (" + it.B + " → " + it.A + ")"
		switch it.Kind {
		case OnlyA:
			said = "the missing JSON field " + k
		case OnlyB:
			said = "the extra JSON field " + k
		}
		it.Unit = c.unit(Unit{Kind: "field", Key: k, Said: said})
		c.add(it)
	}
}

// maxDepth bounds how deep nested objects are compared.
const maxDepth = 8

func (c *comparer) nestedFields(path string, oa, ob []member, unit, depth int) {
	for _, k := range memberKeys(oa, ob) {
		va, inA := find(oa, k)
		vb, inB := find(ob, k)
		if inA && inB && compact(va) == compact(vb) {
			continue
		}
		p := path + "." + k
		if na, objA := object(va); objA && inA && inB && depth < maxDepth {
			if nb, objB := object(vb); objB {
				c.nestedFields(p, na, nb, unit, depth+1)
				continue
			}
		}
		it := c.fieldItem(p, k, va, vb, inA, inB)
		it.Unit = unit
		c.add(it)
	}
}

// fieldItem is the difference of one JSON member, masked by its own name.
func (c *comparer) fieldItem(path, name string, va, vb json.RawMessage, inA, inB bool) Item {
	it := Item{Group: GroupBody, Kind: kindOf(inA, inB), Name: "json " + path, Causes: fieldCausesOf(name)}
	if inA {
		it.A = c.fieldValue(name, compact(va))
	}
	if inB {
		it.B = c.fieldValue(name, compact(vb))
	}
	return it
}

func memberKeys(oa, ob []member) []string {
	keys := []string{}
	for _, m := range oa {
		keys = append(keys, m.key)
	}
	for _, m := range ob {
		if !slices.Contains(keys, m.key) {
			keys = append(keys, m.key)
		}
	}
	return keys
}

// formFields compares two form bodies field by field; the body stays one
// unit.
func (c *comparer) formFields() {
	fa, fb := pairs(string(c.a.Body)), pairs(string(c.b.Body))
	u := c.unit(Unit{Kind: "body", Said: "the form body"})
	all := names(fa)
	for _, n := range names(fb) {
		if !slices.Contains(all, n) {
			all = append(all, n)
		}
	}
	for _, n := range all {
		va, vb := values(fa, n), values(fb, n)
		if slices.Equal(va, vb) {
			continue
		}
		show := func(vs []string) string {
			if vs == nil {
				return ""
			}
			out := make([]string, len(vs))
			for i, v := range vs {
				out[i] = c.fieldValue(n, v)
			}
			return strings.Join(out, ", ")
		}
		c.add(Item{Group: GroupBody, Kind: kindOf(va != nil, vb != nil), Name: "form " + n, A: show(va), B: show(vb), Causes: fieldCausesOf(n), Unit: u})
	}
}

func (c *comparer) fieldValue(name, v string) string {
	if c.reveal {
		return v
	}
	if probe.IsSecretField(name) {
		return probe.MaskSecret(strings.Trim(v, `"`))
	}
	return probe.MaskJWTs(v)
}

// withFields is the JSON object to with the members named in keys as in
// from: a changed member keeps its place, a new one goes at the end.
func withFields(to, from []byte, keys []string) []byte {
	ot, ok1 := object(to)
	of, ok2 := object(from)
	if !ok1 || !ok2 {
		return to
	}
	var out []member
	for _, m := range ot {
		if !slices.Contains(keys, m.key) {
			out = append(out, m)
			continue
		}
		if v, ok := find(of, m.key); ok {
			out = append(out, member{m.key, v})
		}
	}
	for _, m := range of {
		if _, had := find(ot, m.key); slices.Contains(keys, m.key) && !had {
			out = append(out, m)
		}
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range out {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.raw)
	}
	b.WriteByte('}')
	return b.Bytes()
}
