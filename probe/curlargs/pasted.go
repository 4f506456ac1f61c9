package curlargs

import "strings"

// A curl command pasted from a ticket or a chat may name local files
// (-H @/etc/shadow, -d @~/.aws/credentials) whose bytes curl would send.
// Typed on the command line that is the user's choice; pasted, it is
// someone else's, so the parser names those files instead of reading them
// and the caller asks first (see Env.Pasted).

// NamedFile is a local file a pasted command would read.
type NamedFile struct {
	Path string
	// How is the option that reads it, as written: "-H @", "-d @",
	// "-F <", "-b", "--token-file", "--cert".
	How string
}

// FilesError is ParseEnv's answer to a pasted command that reads local
// files: nothing was read; Files are all the files it names, in order.
type FilesError struct{ Files []NamedFile }

func (e *FilesError) Error() string {
	return "the pasted command reads local files: " + e.List()
}

// List is the files as "/etc/shadow (-H @), data.json (-d @)".
func (e *FilesError) List() string {
	parts := make([]string, len(e.Files))
	for i, f := range e.Files {
		parts[i] = f.Path + " (" + f.How + ")"
	}
	return strings.Join(parts, ", ")
}

// inPaste reports whether the word being read came from a paste.
func (p *parser) inPaste() bool {
	return p.word >= p.pasted.From && p.word < p.pasted.To
}

// skipPasted names path as read by how instead of reading it, when pasted;
// it reports whether it did. Standard input (-) is not a file.
func (p *parser) skipPasted(pasted bool, how, path string) bool {
	if !pasted || path == "-" {
		return false
	}
	p.named = append(p.named, NamedFile{Path: path, How: how})
	return true
}
