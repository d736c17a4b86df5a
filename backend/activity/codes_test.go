package activity

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The writers' codes are found in their source, so that a code added
// anywhere in backend/ without words fails TestWords_EveryRecordedCodeHasWords.

// recordMethods are the Log methods whose first two arguments are the
// kind and the action.
func recordMethods() []string { return []string{"Record", "RecordDetail", "RecordRef"} }

// module is the import path of the backend folder.
const modulePrefix = "herald/"

// goPackage is the parsed non-test files of one folder.
type goPackage struct {
	dir   string
	files []*ast.File
}

// codeScan is every package of backend/, parsed.
type codeScan struct {
	root string // the repository root
	fset *token.FileSet
	pkgs map[string]*goPackage // by folder, relative to root
}

func scanBackend(t *testing.T) *codeScan {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	s := &codeScan{root: root, fset: token.NewFileSet(), pkgs: map[string]*goPackage{}}
	err = filepath.WalkDir(filepath.Join(root, "backend"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(s.fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		if s.pkgs[dir] == nil {
			s.pkgs[dir] = &goPackage{dir: dir}
		}
		s.pkgs[dir].files = append(s.pkgs[dir].files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// site is a call and where it is: its package, file and function.
type site struct {
	pkg  *goPackage
	file *ast.File
	fn   *ast.FuncDecl
	call *ast.CallExpr
}

// calls lists the calls in pkg to a function or method named name.
func (s *codeScan) calls(pkg *goPackage, name string) []site {
	var found []site
	for _, f := range pkg.files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if ok && calleeName(call) == name {
					found = append(found, site{pkg: pkg, file: f, fn: fn, call: call})
				}
				return true
			})
		}
	}
	return found
}

func calleeName(call *ast.CallExpr) string {
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		return fun.Name
	case *ast.SelectorExpr:
		return fun.Sel.Name
	}
	return ""
}

// recordedPairs lists every (kind, action) a writer in backend/ records.
func (s *codeScan) recordedPairs() ([]pair, error) {
	var pairs []pair
	for dir, pkg := range s.pkgs {
		if dir == filepath.Join("backend", "activity") {
			continue
		}
		for _, method := range recordMethods() {
			for _, at := range s.calls(pkg, method) {
				if _, ok := at.call.Fun.(*ast.SelectorExpr); !ok || len(at.call.Args) < 3 {
					continue
				}
				kinds, err := s.values(at, at.call.Args[0], 0)
				if err != nil {
					return nil, err
				}
				actions, err := s.values(at, at.call.Args[1], 0)
				if err != nil {
					return nil, err
				}
				for _, k := range kinds {
					for _, a := range actions {
						pairs = append(pairs, pair{k, a})
					}
				}
			}
		}
	}
	return pairs, nil
}

// values lists the strings expr can be at site at: a literal; a constant;
// a local variable's literal assignments; a parameter, through every call
// of its function in the package; or string(x.F), every constant of F's
// type. Anything else is an error, so that no code escapes the test.
func (s *codeScan) values(at site, expr ast.Expr, depth int) ([]string, error) {
	where := s.fset.Position(expr.Pos())
	if depth > 8 {
		return nil, fmt.Errorf("%s: the code goes through too many calls to follow", where)
	}
	switch e := expr.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			v, err := strconv.Unquote(e.Value)
			return []string{v}, err
		}
	case *ast.Ident:
		if i := paramIndex(at.fn, e.Name); i >= 0 {
			var all []string
			for _, caller := range s.calls(at.pkg, at.fn.Name.Name) {
				if len(caller.call.Args) <= i {
					continue
				}
				vs, err := s.values(caller, caller.call.Args[i], depth+1)
				if err != nil {
					return nil, err
				}
				all = append(all, vs...)
			}
			return all, nil
		}
		if rhs := assignments(at.fn, e.Name); len(rhs) > 0 {
			var all []string
			for _, r := range rhs {
				vs, err := s.values(at, r, depth+1)
				if err != nil {
					return nil, err
				}
				all = append(all, vs...)
			}
			return all, nil
		}
		if v, ok := constValue(at.pkg, e.Name); ok {
			return []string{v}, nil
		}
	case *ast.CallExpr:
		if fun, ok := e.Fun.(*ast.Ident); ok && fun.Name == "string" && len(e.Args) == 1 {
			if vs, ok := s.constantsOfFieldType(at, e.Args[0]); ok {
				return vs, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: cannot tell which code %s records: use a string literal or a constant", where, types(expr))
}

func types(expr ast.Expr) string { return fmt.Sprintf("%T", expr) }

// paramIndex is the position of parameter name in fn, or -1.
func paramIndex(fn *ast.FuncDecl, name string) int {
	i := 0
	for _, field := range fn.Type.Params.List {
		for _, n := range field.Names {
			if n.Name == name {
				return i
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
	return -1
}

// assignments lists what fn assigns to the local variable name.
func assignments(fn *ast.FuncDecl, name string) []ast.Expr {
	var rhs []ast.Expr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch a := n.(type) {
		case *ast.AssignStmt:
			for i, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && len(a.Rhs) == len(a.Lhs) {
					rhs = append(rhs, a.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range a.Names {
				if id.Name == name && i < len(a.Values) {
					rhs = append(rhs, a.Values[i])
				}
			}
		}
		return true
	})
	return rhs
}

// constValue is the string value of package-level constant name in pkg.
func constValue(pkg *goPackage, name string) (string, bool) {
	for _, f := range pkg.files {
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if id.Name != name || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, err := strconv.Unquote(lit.Value)
						return v, err == nil
					}
				}
			}
		}
	}
	return "", false
}

// constantsOfFieldType resolves x.F, where x is a parameter of the
// enclosing function whose type is a struct declared in backend/: every
// string constant declared with F's type.
func (s *codeScan) constantsOfFieldType(at site, expr ast.Expr) ([]string, bool) {
	sel, ok := expr.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil, false
	}
	pkg, typeName, ok := s.paramType(at, x.Name)
	if !ok {
		return nil, false
	}
	fieldType, ok := fieldTypeName(pkg, typeName, sel.Sel.Name)
	if !ok {
		return nil, false
	}
	var values []string
	for _, f := range pkg.files {
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != fieldType {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if u, err := strconv.Unquote(lit.Value); err == nil {
							values = append(values, u)
						}
					}
				}
			}
		}
	}
	return values, len(values) > 0
}

// paramType finds the package and name of the type of parameter name of
// the function at site at (pkg.T or T).
func (s *codeScan) paramType(at site, name string) (*goPackage, string, bool) {
	for _, field := range at.fn.Type.Params.List {
		for _, n := range field.Names {
			if n.Name != name {
				continue
			}
			switch t := field.Type.(type) {
			case *ast.Ident:
				return at.pkg, t.Name, true
			case *ast.SelectorExpr:
				alias, ok := t.X.(*ast.Ident)
				if !ok {
					return nil, "", false
				}
				pkg := s.imported(at.file, alias.Name)
				return pkg, t.Sel.Name, pkg != nil
			}
		}
	}
	return nil, "", false
}

// imported is the backend package file imports as alias, if any.
func (s *codeScan) imported(file *ast.File, alias string) *goPackage {
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if !strings.HasPrefix(path, modulePrefix) {
			continue
		}
		name := filepath.Base(path)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == alias {
			return s.pkgs[filepath.FromSlash(strings.TrimPrefix(path, modulePrefix))]
		}
	}
	return nil
}

// fieldTypeName is the name of the type of field in struct typeName of pkg.
func fieldTypeName(pkg *goPackage, typeName, field string) (string, bool) {
	for _, f := range pkg.files {
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				if ts.Name.Name != typeName || !ok {
					continue
				}
				for _, fl := range st.Fields.List {
					for _, n := range fl.Names {
						if id, ok := fl.Type.(*ast.Ident); ok && n.Name == field {
							return id.Name, true
						}
					}
				}
			}
		}
	}
	return "", false
}
