//go:build !unix

package store

import "os"

// unlock: elsewhere (Windows) closing the handle drops its lock.
func unlock(*os.File) {}
