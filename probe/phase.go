package probe

// PhaseRedirect marks a failure while following redirects: a Location that
// cannot be parsed or names an unsupported scheme, a body that cannot be
// sent again for a 307/308, or the hop limit.
const PhaseRedirect = "redirect"
