// Command proxyload measures an HTTP endpoint over keep-alive connections
// for .ci/bench-proxy: the p50 latency of sequential requests on one
// connection, then the throughput of N concurrent clients for a while.
// It talks only to the URL it is given (loopback in the bench).
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	n := flag.Int("n", 2000, "sequential requests for the latency")
	clients := flag.Int("c", 16, "concurrent clients for the throughput")
	dur := flag.Duration("d", 5*time.Second, "how long the throughput runs")
	flag.Parse()
	url := flag.Arg(0)
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, Proxy: nil}
	cl := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	get := func() error {
		resp, err := cl.Get(url)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return err
	}
	lat := make([]time.Duration, 0, *n)
	for range *n {
		t0 := time.Now()
		if err := get(); err != nil {
			fmt.Fprintln(os.Stderr, "proxyload:", err)
			os.Exit(1)
		}
		lat = append(lat, time.Since(t0))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var count, failed atomic.Int64
	stop := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if get() != nil {
					failed.Add(1)
					continue
				}
				count.Add(1)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("p50_ms=%.3f rps=%.0f failed=%d\n", float64(lat[len(lat)/2].Microseconds())/1000, float64(count.Load())/dur.Seconds(), failed.Load())
}
