package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/app"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/store"
)

// This file is `why403 save NAME [curl args]` and `why403 open NAME`:
// requests kept under a name in the user's config directory (ui/store),
// without their secrets unless asked.

const saveUsage = `Usage: why403 save NAME [--keep-secrets] [--token-env VAR | --token-file PATH]
                   [--token-header NAME] [curl options] URL

Saves the request under NAME (1 to 64 of A-Z a-z 0-9 . _ -); nothing is sent.
Tokens, passwords, cookies and credential headers are left out unless
--keep-secrets is given.

  --keep-secrets       store the secrets too (as plain text, in a file only you can read)
  --token-env VAR      read the token from $VAR when the request is opened
  --token-file PATH    read the token from PATH when the request is opened
  --token-header NAME  send that token in header NAME as is (default:
                       Authorization: Bearer)

`

const openUsage = `Usage: why403 open NAME [--reveal]
       why403 open          list the saved requests

Opens the saved request in the app (nothing is sent until ctrl+s). Without a
terminal, prints it as a curl command, secrets masked unless --reveal.
`

// saveFlags are save's own options, taken out before the curl arguments
// are parsed.
type saveFlags struct {
	keepSecrets bool
	token       store.TokenRef
}

// splitSaveFlags takes save's own options out of args; the rest are
// curl's. After "--" everything is curl's.
func splitSaveFlags(args []string) (saveFlags, []string, error) {
	var f saveFlags
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(a, "=")
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "--keep-secrets":
			if hasVal {
				return f, nil, fmt.Errorf("--keep-secrets takes no value")
			}
			f.keepSecrets = true
		case "--token-env", "--token-file":
			v, err := value()
			if err != nil {
				return f, nil, err
			}
			if f.token.Source != "" {
				return f, nil, fmt.Errorf("give one of --token-env and --token-file")
			}
			if name == "--token-env" {
				f.token.Source = "env:" + v
			} else {
				abs, err := filepath.Abs(v)
				if err != nil {
					return f, nil, fmt.Errorf("--token-file %s: %w", v, err)
				}
				// absolute: the request may be opened from another directory
				f.token.Source = "file:" + abs
			}
		case "--token-header":
			v, err := value()
			if err != nil {
				return f, nil, err
			}
			f.token.Header = v
		default:
			rest = append(rest, a)
		}
	}
	if f.token.Header != "" && f.token.Source == "" {
		return f, nil, fmt.Errorf("--token-header needs --token-env or --token-file")
	}
	if f.token.Source != "" {
		if err := f.token.Check(); err != nil {
			return f, nil, err
		}
	}
	return f, rest, nil
}

// openStore opens the user's store, with the directories env names.
func openStore(env Env) (*store.Store, error) {
	return store.OpenWith(store.Options{Getenv: env.Getenv})
}

// runSave is `why403 save NAME [options] [curl args]`.
func runSave(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		return usageError(env, "save needs a NAME and a request (see why403 save --help)")
	}
	if args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, saveUsage+curlargs.Usage())
		return ExitOK
	}
	name := args[0]
	if err := store.ValidName(name); err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	flags, rest, err := splitSaveFlags(args[1:])
	if err != nil {
		return usageError(env, "save: "+escape.Line(err.Error()))
	}
	parsed, code, done := parseRequest(rest, env, curlargs.Env{Stdin: env.Stdin}, func() string { return saveUsage + curlargs.Usage() })
	if done {
		return code
	}
	if flags.token.Source != "" {
		if _, err := flags.token.Resolve(env.Getenv); err != nil {
			fmt.Fprintln(env.Stderr, "why403: warning: "+escape.Line(err.Error())+" (saved all the same)")
		}
	}
	st, err := openStore(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	defer st.Close()
	opts := store.SaveOptions{KeepSecrets: flags.keepSecrets, Token: flags.token}
	var wipe *store.WipeError
	var dmg *store.DamagedError
	if err := st.SaveRequest(ctx, name, parsed.Request, opts); errors.As(err, &wipe) || errors.As(err, &dmg) {
		// saved; only the earlier version's bytes are still in the file,
		// or saved in a fresh file, the damaged one moved aside
		fmt.Fprintln(env.Stderr, "why403: warning: "+escape.Line(err.Error()))
	} else if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	saved, err := st.LoadRequest(ctx, name)
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	path, _ := st.Paths()
	req := saved.Request
	fmt.Fprintf(env.Stdout, "saved %s: %s %s\n  in %s\n", name, escape.Line(req.Method),
		escape.Line(probe.NewRedactor(req, false).URL(req.URL)), escape.Line(path))
	if saved.Token.Source != "" {
		fmt.Fprintln(env.Stdout, "  token: read from "+escape.Line(saved.Token.Source)+" when opened")
	}
	if len(saved.Removed) > 0 {
		fmt.Fprintln(env.Stdout, "  left out: "+escape.Line(strings.Join(saved.Removed, ", "))+
			" (--keep-secrets stores them; --token-env VAR reads a token when opened)")
	}
	if flags.keepSecrets {
		fmt.Fprintln(env.Stderr, "why403: warning: secrets are stored as plain text in "+escape.Line(path)+" (readable by you only)")
	}
	return ExitOK
}

// runOpen is `why403 open NAME`: the app with the saved request loaded,
// or without a terminal the request as a curl command.
func runOpen(ctx context.Context, args []string, env Env) int {
	var name string
	reveal := false
	for _, a := range args {
		switch {
		case a == "-h" || a == "--help":
			fmt.Fprint(env.Stdout, openUsage)
			return ExitOK
		case a == "--reveal":
			reveal = true
		case strings.HasPrefix(a, "-"):
			return usageError(env, fmt.Sprintf("open: unknown option %q (see why403 open --help)", escape.Line(a)))
		case name != "":
			return usageError(env, "open takes one NAME (see why403 open --help)")
		default:
			name = a
		}
	}
	if name != "" {
		if err := store.ValidName(name); err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
	}
	st, err := openStore(env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	if name == "" {
		defer st.Close()
		return listSaved(ctx, st, env)
	}
	saved, err := st.LoadRequest(ctx, name)
	st.Close() // the app opens its own
	warnDamaged(env, err)
	if errors.Is(err, store.ErrNotFound) {
		return usageError(env, fmt.Sprintf("no saved request named %s (why403 open lists them)", name))
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	if !interactive(env) {
		req, err := saved.Resolve(env.Getenv)
		var notes []string
		if err != nil {
			notes = append(notes, err.Error())
		}
		if len(saved.Removed) > 0 {
			notes = append(notes, "saved without "+strings.Join(saved.Removed, ", "))
		}
		for _, n := range notes {
			fmt.Fprintln(env.Stderr, "why403: note: "+escape.Line(n))
		}
		// Quote writes no control or format character raw; escaping is
		// the boundary all the same (the request came from a file).
		cmd := curlargs.QuoteWith(req, curlargs.QuoteOptions{Redactor: probe.NewRedactor(req, reveal), TokenEnv: saved.Token.EnvName()})
		fmt.Fprintln(env.Stdout, escape.Line(cmd))
		return ExitOK
	}
	// the app words the notice with its keys as bound, as ctrl+o does
	return runApp(ctx, app.Options{Saved: &saved, Reveal: reveal}, env)
}

// listSaved prints the saved requests, one a line, URLs masked.
func listSaved(ctx context.Context, st *store.Store, env Env) int {
	list, err := st.ListRequests(ctx)
	if warnDamaged(env, err) {
		err = nil // listed from a fresh file
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "no saved requests (why403 save NAME [curl options] URL saves one)")
		return ExitOK
	}
	for _, l := range list {
		fmt.Fprintf(env.Stdout, "%-24s %-7s %s\n", l.Name, escape.Line(l.Method), escape.Line(l.URL))
	}
	return ExitOK
}

// warnDamaged prints, as a warning, that the store met a damaged file and
// moved it aside; true when that is all err says.
func warnDamaged(env Env, err error) bool {
	var dmg *store.DamagedError
	if !errors.As(err, &dmg) {
		return false
	}
	fmt.Fprintln(env.Stderr, "why403: warning: "+escape.Line(dmg.Error()))
	return err == error(dmg)
}
