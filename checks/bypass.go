package checks

// BypassHeader reports a header that 403-bypass tools add to spoof a
// client address or rewrite the path (FACTS 4.2): why403 never sends one
// the user did not, in an experiment or a bisection.
func BypassHeader(name string) bool { return bypassHeader(name) }
