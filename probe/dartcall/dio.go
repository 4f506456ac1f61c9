package dartcall

import (
	"strings"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
)

// dioCall reads dio.get/post/put/patch/delete/head(path, data:,
// queryParameters:, options: Options(...)) and dio.request, with the
// BaseOptions of the Dio the receiver is and the statements that change
// its options (dio.options.headers[k] = v).
func (e *evaluator) dioCall(c *callNode, recv node, verb string) (Call, error) {
	call := Call{Client: "dio", Method: verb}
	if len(c.args) < 1 {
		return call, errAt(c, "a dio call needs a path or URL")
	}
	var baseURL, contentType string
	if d := e.dioObject(recv); d != nil && len(d.args) == 1 {
		opts, ok := e.resolve(d.args[0]).(*callNode)
		if !ok || calleeName(opts) != "BaseOptions" {
			return call, errAt(d, "Dio(...) takes BaseOptions(...) here")
		}
		if err := e.dioOptions(opts, &call, &baseURL, &contentType); err != nil {
			return call, err
		}
	}
	if nm, ok := recv.(*nameNode); ok && len(nm.path) == 1 {
		for _, s := range e.stmts {
			if err := e.dioStatement(s, nm.path[0], &call, &baseURL); err != nil {
				return call, err
			}
		}
	}
	path, err := e.uri(c.args[0])
	if err != nil {
		return call, err
	}
	call.URL = joinBase(baseURL, path)
	for _, a := range c.named {
		switch a.name {
		case "queryParameters":
			q, err := e.formEncode(a.val)
			if err != nil {
				return call, err
			}
			if q != "" {
				sep := "?"
				if strings.Contains(call.URL, "?") {
					sep = "&"
				}
				call.URL += sep + q
			}
		case "options":
			opts, ok := e.resolve(a.val).(*callNode)
			if !ok || calleeName(opts) != "Options" {
				return call, errAt(a.val, "options: takes Options(...) here")
			}
			if err := e.dioOptions(opts, &call, nil, &contentType); err != nil {
				return call, err
			}
		}
	}
	if call.Method == "" {
		call.Method = "GET" // dio.request's default
	}
	if contentType != "" {
		call.Headers = setHeader(call.Headers, "content-type", contentType)
	}
	for _, a := range c.named {
		if a.name == "data" {
			if err := e.dioData(a.val, &call); err != nil {
				return call, err
			}
		}
	}
	return call, nil
}

// dioOptions reads BaseOptions or Options: headers, contentType, method,
// baseUrl.
func (e *evaluator) dioOptions(o *callNode, call *Call, baseURL, contentType *string) error {
	for _, a := range o.named {
		switch a.name {
		case "headers":
			hs, err := e.headers(a.val)
			if err != nil {
				return err
			}
			for _, h := range hs {
				call.Headers = setHeader(call.Headers, h.Name, h.Value)
			}
		case "contentType":
			s, err := e.str(a.val)
			if err != nil {
				return err
			}
			*contentType = s
		case "method":
			s, err := e.str(a.val)
			if err != nil {
				return err
			}
			call.Method = strings.ToUpper(s)
		case "baseUrl":
			if baseURL != nil {
				s, err := e.str(a.val)
				if err != nil {
					return err
				}
				*baseURL = s
			}
		}
	}
	return nil
}

// dioStatement applies dio.options.headers[k] = v, dio.options.baseUrl =
// v and dio.options.headers.addAll(m) on the variable v.
func (e *evaluator) dioStatement(s stmt, v string, call *Call, baseURL *string) error {
	a, ok := onVariable(s, v)
	if !ok {
		return nil
	}
	switch t := a.target.(type) {
	case *indexNode:
		if nodeText(t.target) == "options.headers" && a.value != nil {
			k, err := e.str(t.index)
			if err != nil {
				return err
			}
			val, err := e.str(a.value)
			if err != nil {
				return err
			}
			call.Headers = setHeader(call.Headers, k, val)
		}
	case *nameNode:
		switch strings.Join(t.path, ".") {
		case "options.baseUrl":
			s, err := e.str(a.value)
			if err != nil {
				return err
			}
			*baseURL = s
		case "options.headers.addAll":
			if a.call != nil && len(a.call.args) == 1 {
				hs, err := e.headers(a.call.args[0])
				if err != nil {
					return err
				}
				for _, h := range hs {
					call.Headers = setHeader(call.Headers, h.Name, h.Value)
				}
			}
		}
	}
	return nil
}

// dioData reads data: a Map or List goes as JSON (or as a form when the
// content type says so), a String as it is.
func (e *evaluator) dioData(n node, call *Call) error {
	ct := strings.ToLower(probe.HeaderValue(call.Headers, "content-type"))
	switch e.resolve(n).(type) {
	case *mapNode, *listNode:
		call.BodyKind = clients.BodyMap
		if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			s, err := e.formEncode(n)
			call.Body = []byte(s)
			return err
		}
		s, err := e.json(n)
		call.Body = []byte(s)
		return err
	case *callNode:
		if c := e.resolve(n).(*callNode); strings.HasPrefix(calleeName(c), "FormData") {
			return errAt(n, "FormData is not read: give the fields as a map")
		}
	}
	s, err := e.str(n)
	call.Body, call.BodyKind = []byte(s), clients.BodyString
	return err
}

// joinBase is dio's baseUrl + path: an absolute path stands alone;
// otherwise the two join with one '/'.
func joinBase(base, path string) string {
	if base == "" || strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	switch {
	case strings.HasSuffix(base, "/") && strings.HasPrefix(path, "/"):
		return base + path[1:]
	case !strings.HasSuffix(base, "/") && !strings.HasPrefix(path, "/") && path != "":
		return base + "/" + path
	}
	return base + path
}
