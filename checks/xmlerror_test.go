package checks

import (
	"encoding/xml"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// stdXMLError is the document as encoding/xml reads it, the reference the
// hand-written reader must agree with.
type stdXMLError struct {
	XMLName          xml.Name
	Code             string       `xml:"Code"`
	Message          string       `xml:"Message"`
	ServerTime       string       `xml:"ServerTime"`
	RequestTime      string       `xml:"RequestTime"`
	StringToSign     string       `xml:"StringToSign"`
	CanonicalRequest string       `xml:"CanonicalRequest"`
	Expires          string       `xml:"Expires"`
	RequestID        string       `xml:"RequestId"`
	Inner            *stdXMLError `xml:"Error"`
}

func stdParseXMLError(p []byte) *xmlError {
	var x stdXMLError
	if xml.Unmarshal(p, &x) != nil {
		return nil
	}
	if x.Code == "" && x.Inner != nil {
		x = *x.Inner
	} else if x.Code == "" {
		return nil
	}
	return &xmlError{Code: x.Code, Message: x.Message, ServerTime: x.ServerTime, RequestTime: x.RequestTime,
		StringToSign: x.StringToSign, CanonicalRequest: x.CanonicalRequest, Expires: x.Expires, RequestID: x.RequestID}
}

func sameXMLError(a, b *xmlError) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Code == b.Code && a.Message == b.Message && a.ServerTime == b.ServerTime && a.RequestTime == b.RequestTime &&
		a.StringToSign == b.StringToSign && a.CanonicalRequest == b.CanonicalRequest && a.Expires == b.Expires && a.RequestID == b.RequestID
}

var xmlErrorDocs = []string{
	`<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>2021-10-10T17:51:03.000Z</RequestTime><ServerTime>2021-10-11T01:51:03.000Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
	`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match &amp; so on &#233; &#x41;</Message></Error>
  <RequestId>abc</RequestId>
</ErrorResponse>`,
	`<Error><Code>AccessDenied</Code><Message><![CDATA[Request has <expired>]]></Message><StringToSign>AWS4-HMAC-SHA256
20260101T000000Z
20260101/us-east-1/s3/aws4_request
abc</StringToSign></Error>`,
	"<Error>\r\n<Code>X</Code><Message>a\r\nb\rc</Message><!-- note --><Extra a='1' b=\"x>y\"><Code>nested</Code></Extra></Error>",
	`<?xml version="1.0" encoding="ISO-8859-1"?><Error><Code>X</Code></Error>`,
	`<Error><Code>X</Code><Message>unclosed</Error>`,
	`<Error><Code>X &nbsp; Y</Code></Error>`,
	`<Error><Code>X</Code>`,
	`<s3:Error xmlns:s3="urn:x"><s3:Code>Prefixed</s3:Code></s3:Error>`,
	`<Error><Code/><Message>m</Message></Error>`,
	`<Error><Code>first</Code><Code>second</Code></Error>`,
	`<error><code>lower</code></error>`,
	`<html><body>not xml<br></body></html>`,
}

// The reader gives what encoding/xml gave for S3's, IAM's and malformed
// documents alike.
func TestParseXMLErrorAgreesWithEncodingXML(t *testing.T) {
	for _, doc := range xmlErrorDocs {
		got, want := parseXMLError([]byte(doc)), stdParseXMLError([]byte(doc))
		if !sameXMLError(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", doc, got, want)
		}
	}
}

func FuzzParseXMLError(f *testing.F) {
	for _, doc := range xmlErrorDocs {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		got, want := parseXMLError([]byte(doc)), stdParseXMLError([]byte(doc))
		if want != nil && !sameXMLError(got, want) {
			// A document encoding/xml reads reads the same. (The hand
			// reader is more lenient with some malformed documents, text
			// with a stray '&' before the root for one: no error document
			// looks like that.)
			t.Errorf("%q:\n got %+v\nwant %+v", doc, got, want)
		}
	})
}

// Every why403 command links checks and runs its packages' initialisation
// at start, whatever it does: checks must not link a package whose
// initialisation costs start-up for a feature read once per response.
// encoding/xml builds an HTML entity table at start.
func TestChecksLinksNoStartUpCost(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case "encoding/xml", "golang.org/x/text/language":
			t.Errorf("checks links %s, whose initialisation every why403 command pays at start", dep)
		}
	}
}

// A hostile body of many comments before the root (no space in it) must
// be read in one pass: the prolog once looked for a space afresh at each
// comment, quadratic in the body (8 MiB bodies are judged).
func TestParseXMLErrorLinearProlog(t *testing.T) {
	doc := "<?xml version='1.0'?>" + strings.Repeat("<!---->", 4<<20/7) + "<Error><Code>X</Code></Error>"
	done := make(chan *xmlError, 1)
	go func() { done <- parseXMLError([]byte(doc)) }()
	select {
	case x := <-done:
		if x == nil || x.Code != "X" {
			t.Errorf("got %+v, want code X", x)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("reading a 4 MiB document of comments took more than 3 s")
	}
}
