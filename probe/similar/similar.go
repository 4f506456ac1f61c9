// Package similar measures how alike two short words are, to catch typos:
// a misspelt header name (Authorisation) or an unknown option (--hedaer).
package similar

// Distance is the Levenshtein distance between a and b: the fewest single
// byte insertions, deletions or substitutions that turn one into the other.
// Words longer than 64 bytes are not typos worth measuring: they get a
// distance larger than any typo.
func Distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 10
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
