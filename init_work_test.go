package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// heavyAtInit are calls that do real work (compile, build a table) when
// they initialise a package-level variable. Go runs every linked package's
// initialisers before main, so each one is paid by --version, by check and
// by the app's first frame, whether the run needs it or not (issue 13).
var heavyAtInit = map[string]bool{
	"regexp.MustCompile": true, "regexp.Compile": true, "regexp.MustCompilePOSIX": true,
	"template.Must": true, "strings.NewReplacer": true,
	"json.Unmarshal": true, "x509.ParseCertificate": true, "tls.X509KeyPair": true,
}

// TestNoWorkAtInit fails when a package-level variable of ours is set by a
// heavy library call or by one of our own functions: such work belongs in
// a sync.OnceValue, built on first use. One regular expression with
// counted repetitions set at init cost 1.4 ms of every start.
func TestNoWorkAtInit(t *testing.T) {
	funcs := map[string]map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.Dir(path)
		if funcs[dir] == nil {
			funcs[dir] = packageFuncs(dir)
		}
		checkInitWork(t, path, funcs[dir])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkInitWork reports the heavy calls in one file's package-level
// variable initialisers. Function literals are skipped: a OnceValue's
// function runs on first use, not at init.
func checkInitWork(t *testing.T, path string, own map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				ast.Inspect(v, func(n ast.Node) bool {
					if _, ok := n.(*ast.FuncLit); ok {
						return false
					}
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					switch fn := call.Fun.(type) {
					case *ast.SelectorExpr:
						if x, ok := fn.X.(*ast.Ident); ok && heavyAtInit[x.Name+"."+fn.Sel.Name] {
							t.Errorf("%s: %s.%s at init; build it with sync.OnceValue on first use", fset.Position(call.Pos()), x.Name, fn.Sel.Name)
						}
					case *ast.Ident:
						if own[fn.Name] {
							t.Errorf("%s: %s() at init; build it with sync.OnceValue on first use", fset.Position(call.Pos()), fn.Name)
						}
					}
					return true
				})
			}
		}
	}
}

// packageFuncs are the names of the top-level functions (not methods)
// declared in a directory's non-test files.
func packageFuncs(dir string) map[string]bool {
	names := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, p := range files {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				names[fd.Name.Name] = true
			}
		}
	}
	return names
}
