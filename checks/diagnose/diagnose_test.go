package diagnose

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
)

// scenarioRequest is one of the lab's scenarios as a request.
func scenarioRequest(t *testing.T, l *lab.Lab, name string) probe.Request {
	t.Helper()
	for _, sc := range l.Scenarios() {
		if sc.Name == name {
			p, err := curlargs.Parse(sc.Args)
			if err != nil {
				t.Fatal(err)
			}
			return p.Request
		}
	}
	t.Fatalf("no scenario %q", name)
	return probe.Request{}
}

func startLab(t *testing.T) *lab.Lab {
	t.Helper()
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// The whole pipeline against the lab: the send is judged, the experiments
// go out (announced, then each result as it comes), and the judgement
// after them is what checks.Run says of the evidence with them.
func TestRunSendsJudgesAndExperiments(t *testing.T) {
	l := startLab(t)
	req := scenarioRequest(t, l, "jwt-expired")
	var announced int
	var mu sync.Mutex
	var streamed []int
	r := Run(context.Background(), req, Options{
		Experiments:   ExperimentsSafe,
		OnExperiments: func(n int) { announced = n },
		OnExperiment: func(i int, x checks.Experiment) {
			mu.Lock()
			streamed = append(streamed, i)
			mu.Unlock()
		},
	})
	if r.Evidence.Exchange.Response == nil || r.Evidence.Exchange.Response.Status != 401 {
		t.Fatalf("exchange: %+v", r.Evidence.Exchange.Err)
	}
	if len(r.Report.Likely) == 0 || r.Report.Likely[0] != checks.AuthExpired {
		t.Fatalf("likely %v, want %s first", r.Report.Likely, checks.AuthExpired)
	}
	if announced == 0 || announced != len(r.Plan.Variants) || len(streamed) != announced {
		t.Fatalf("announced %d, planned %d, streamed %d", announced, len(r.Plan.Variants), len(streamed))
	}
	if len(r.Evidence.Experiments) != announced || !r.Evidence.Experiments[0].Sent {
		t.Fatalf("experiments in the evidence: %+v", r.Evidence.Experiments)
	}
	if got := Judge(r.Evidence).Report; !reflect.DeepEqual(got, r.Report) {
		t.Errorf("judging the same evidence again differs:\n%+v\n%+v", got, r.Report)
	}
	if r.Evidence.Now.IsZero() {
		t.Error("no clock reading kept with the evidence")
	}
}

// Off sends the request once and nothing else.
func TestRunExperimentsOffSendsOnce(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, `{"error":"invalid token"}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	req := probe.Request{Method: "GET", URL: srv.URL, Headers: []probe.Header{{Name: "Authorization", Value: "Bearer abc.def.ghi"}}}
	r := Run(context.Background(), req, Options{})
	if n.Load() != 1 || len(r.Evidence.Experiments) != 0 {
		t.Fatalf("sent %d requests, %d experiments; want 1 and none", n.Load(), len(r.Evidence.Experiments))
	}
	r = Run(context.Background(), req, Options{Experiments: ExperimentsSafe})
	if len(r.Evidence.Experiments) == 0 || n.Load() < 3 {
		t.Fatalf("with experiments: %d requests in all, %d experiments", n.Load(), len(r.Evidence.Experiments))
	}
}

// A refused POST is never sent again without ExperimentsAll: the server
// counts the POSTs it got.
func TestRunNeverResendsUnsafeWithoutConsent(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			posts.Add(1)
		}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, `{"error":"invalid token"}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	req := probe.Request{Method: "POST", URL: srv.URL, Body: []byte(`{"a":1}`),
		Headers: []probe.Header{{Name: "Authorization", Value: "Bearer abc.def.ghi"}, {Name: "Content-Type", Value: "application/json"}}}
	r := Run(context.Background(), req, Options{Experiments: ExperimentsSafe, Deadline: 10 * time.Second})
	if posts.Load() != 1 {
		t.Fatalf("the server got %d POSTs, want 1", posts.Load())
	}
	if r.Plan.Unsafe() == 0 {
		t.Fatal("no unsafe variant planned: the test shows nothing")
	}
	for i, v := range r.Plan.Variants {
		if x := r.Evidence.Experiments[i]; v.Unsafe && (x.Sent || x.NotSent == "") {
			t.Errorf("unsafe variant %s: sent %v, not sent %q", v.Name, x.Sent, x.NotSent)
		}
	}
	posts.Store(0)
	Run(context.Background(), req, Options{Experiments: ExperimentsAll, Deadline: 10 * time.Second})
	if posts.Load() < 2 {
		t.Fatalf("with consent the server got %d POSTs, want the unsafe variants too", posts.Load())
	}
}

// An accepted request plans nothing and says why.
func TestExperimentSkippedSaysWhy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	r := Run(context.Background(), probe.Request{Method: "GET", URL: srv.URL}, Options{Experiments: ExperimentsSafe})
	if !strings.Contains(r.Skipped, "not refused") || len(r.Evidence.Experiments) != 0 {
		t.Fatalf("skipped %q, %d experiments", r.Skipped, len(r.Evidence.Experiments))
	}
}
