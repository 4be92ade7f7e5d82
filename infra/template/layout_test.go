package template

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's "Where things live" is a newcomer's map: every package folder under
// shared/ and infra/ and every function folder is on it, so a folder added without a line
// fails here rather than going unexplained.
func TestReadmeMapNamesEveryFolder(t *testing.T) {
	root := filepath.Dir(realTemplate)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Where things live\n+```\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no \"## Where things live\" block")
	}
	block := string(m[1])
	named := func(word string) bool {
		return regexp.MustCompile(`(^|[\s/,(])` + regexp.QuoteMeta(word) + `($|[\s/,.):])`).MatchString(block)
	}
	for _, parent := range []string{"shared", "infra", "functions"} {
		entries, err := os.ReadDir(filepath.Join(root, parent))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata" {
				continue
			}
			// A function may be named in the functions/<name> line; a package by its path,
			// or after its neighbour's (infra/testenv, infra/apitest).
			if !named(parent+"/"+e.Name()) && !(parent == "functions" && named(e.Name())) && !strings.Contains(block, ", "+e.Name()+" ") {
				t.Errorf("README \"Where things live\" does not name %s/%s", parent, e.Name())
			}
		}
	}
}
