package curlargs

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

var errSize = errors.New("give a size such as 512K, 8M, 1G or a number of bytes")

// parseSize reads a byte count: plain bytes, or a whole number with K, M or
// G (powers of 1024), optionally followed by B or iB: 512K, 8M, 1GiB.
func parseSize(s string) (int64, error) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	var mult int64
	switch strings.ToUpper(s[i:]) {
	case "", "B":
		mult = 1
	case "K", "KB", "KIB":
		mult = 1 << 10
	case "M", "MB", "MIB":
		mult = 1 << 20
	case "G", "GB", "GIB":
		mult = 1 << 30
	default:
		return 0, errSize
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || n <= 0 {
		return 0, errSize
	}
	if n > math.MaxInt64/mult {
		return 0, errors.New("too large")
	}
	return n * mult, nil
}
