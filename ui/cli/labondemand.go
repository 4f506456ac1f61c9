package cli

import (
	"errors"
	"sync"

	"github.com/why403/why403/checks/lab"
)

// labOnDemand starts the lab the first time the app asks for its
// scenarios (in a command, after the first frame), and owns it: close
// stops it once the app has returned, whether or not it started.
type labOnDemand struct {
	mu     sync.Mutex
	lab    *lab.Lab
	closed bool
}

// scenarios is app.Options.Scenarios.
func (d *labOnDemand) scenarios() ([]lab.Scenario, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, errors.New("the app has quit")
	}
	if d.lab == nil {
		l, err := lab.Start(lab.Options{})
		if err != nil {
			return nil, err
		}
		d.lab = l
	}
	return d.lab.Scenarios(), nil
}

func (d *labOnDemand) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.lab != nil {
		d.lab.Close()
		d.lab = nil
	}
}
