// Command go_render times Go's text/template with Sprig on the rendering work of the
// helm-tui corpus benchmark: the baseline of bench/render.py's "Go baseline" section.
//
// Usage:
//
//	go_render [-repeat N] [-warm-repeat M] [-outputs] DIR
//	                                       time every DIR/*.json case, print JSON results
//	go_render -once FILE                   render one case as one process, print documents
//
// The cases come from bench/render_go_export.py: each template's text and the data our
// engine gives it. Per case, the templates go into one set (Helm's parse order,
// missingkey=zero); every template but partials (_*) is executed with its chart's data
// plus .Template, and "<no value>" is removed from its output, as Helm v2 does.
//
// Timings per case, repeated N (cold) and M (warm) times; the caller takes the best.
// Cold does the values work (values.go), then parses every template into a new set and
// executes it once; warm executes a set parsed (and executed) before, and times the values work
// apart, parsing the values files (as Helm does) and from cached parsed trees (as our
// engine does). Each timed run gets freshly decoded data, decoded untimed.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/template"
	"time"
)

type caseResult struct {
	ID        string             `json:"id"`
	Templates int                `json:"templates"`
	Errors    int                `json:"errors"`
	Error     string             `json:"error,omitempty"`
	Cold      []float64          `json:"cold"`
	Warm      []float64          `json:"warm"`
	Values    []float64          `json:"values"`
	Cached    []float64          `json:"values_cached"`
	Outputs   map[string]string  `json:"outputs,omitempty"`
	set       *template.Template // the warm set
}

type results struct {
	Go     string        `json:"go"`
	Repeat int           `json:"repeat"`
	Warm   int           `json:"warm_repeat"`
	Cases  []*caseResult `json:"cases"`
}

func parseAll(c *caseFile) (*template.Template, error) {
	set := newSet()
	for _, t := range c.Templates {
		if _, err := set.New(t.Name).Parse(t.Text); err != nil {
			return nil, fmt.Errorf("parse error in %q: %v", t.Name, err)
		}
	}
	return set, nil
}

// executeAll renders every non-partial template; it returns the outputs, how many
// templates failed and the first error.
func executeAll(set *template.Template, c *caseFile, scopes []map[string]interface{}) (map[string]string, int, error) {
	outputs := make(map[string]string, len(c.Templates))
	failed := 0
	var first error
	for _, t := range c.Templates {
		if strings.HasPrefix(path.Base(t.Name), "_") {
			continue
		}
		vals := scopes[t.Scope]
		vals["Template"] = map[string]interface{}{"Name": t.Name, "BasePath": t.Base}
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, t.Name, vals); err != nil {
			failed++
			if first == nil {
				first = fmt.Errorf("render error in %q: %v", t.Name, err)
			}
			continue
		}
		outputs[t.Name] = strings.ReplaceAll(b.String(), "<no value>", "")
	}
	return outputs, failed, first
}

func readCase(file string) (*caseFile, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	c := &caseFile{}
	return c, json.Unmarshal(data, c)
}

func executable(c *caseFile) int {
	n := 0
	for _, t := range c.Templates {
		if !strings.HasPrefix(path.Base(t.Name), "_") {
			n++
		}
	}
	return n
}

func fresh(c *caseFile) []map[string]interface{} {
	scopes, err := decodeScopes(c.Scopes)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", c.ID, err)
		os.Exit(2)
	}
	return scopes
}

func timeCold(c *caseFile, r *caseResult, keep bool) {
	scopes := fresh(c)
	started := time.Now()
	valuesWork(c.Values, false)
	set, err := parseAll(c)
	var outputs map[string]string
	failed := 0
	if err == nil {
		outputs, failed, err = executeAll(set, c, scopes)
	} else {
		failed = 1
	}
	r.Cold = append(r.Cold, time.Since(started).Seconds())
	if r.Errors = failed; err != nil {
		r.Error = err.Error()
	}
	if keep {
		r.Outputs = outputs
	}
}

func timeWarm(c *caseFile, r *caseResult) {
	scopes := fresh(c)
	started := time.Now()
	executeAll(r.set, c, scopes)
	r.Warm = append(r.Warm, time.Since(started).Seconds())
	started = time.Now()
	valuesWork(c.Values, false)
	r.Values = append(r.Values, time.Since(started).Seconds())
	started = time.Now()
	valuesWork(c.Values, true)
	r.Cached = append(r.Cached, time.Since(started).Seconds())
}

func bench(dir string, repeat, warmRepeat int, keep bool) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	cases := make([]*caseFile, len(files))
	res := results{Go: runtime.Version(), Repeat: repeat, Warm: warmRepeat}
	for i, file := range files {
		if cases[i], err = readCase(file); err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		res.Cases = append(res.Cases, &caseResult{ID: cases[i].ID, Templates: executable(cases[i])})
	}
	// Passes over the whole corpus, as the Python side does, so a pass total means
	// the same on both sides; the first cold pass keeps the outputs.
	for rep := 0; rep < repeat; rep++ {
		for i, c := range cases {
			timeCold(c, res.Cases[i], keep && rep == 0)
		}
	}
	for i, c := range cases {
		r := res.Cases[i]
		if r.Errors > 0 {
			continue
		}
		if r.set, err = parseAll(c); err != nil {
			return err
		}
		executeAll(r.set, c, fresh(c)) // untimed, as the Python side fills its cache
		valuesWork(c.Values, true)
	}
	for rep := 0; rep < warmRepeat; rep++ {
		for i, c := range cases {
			if res.Cases[i].set != nil {
				timeWarm(c, res.Cases[i])
			}
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	return json.NewEncoder(out).Encode(res)
}

// once renders one case as `helm template` prints it (without kind sorting): the
// work of one process, for an end-to-end estimate.
func once(file string) error {
	c, err := readCase(file)
	if err != nil {
		return err
	}
	valuesWork(c.Values, false)
	set, err := parseAll(c)
	if err != nil {
		return err
	}
	outputs, _, err := executeAll(set, c, fresh(c))
	if err != nil {
		return err
	}
	names := make([]string, 0, len(outputs))
	for name := range outputs {
		if path.Base(name) != "NOTES.txt" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, name := range names {
		fmt.Fprintf(out, "---\n# Source: %s\n%s\n", name, outputs[name])
	}
	return nil
}

func main() {
	onceFile := flag.String("once", "", "render one exported case and print its documents")
	repeat := flag.Int("repeat", 5, "timed cold runs per case")
	warmRepeat := flag.Int("warm-repeat", 15, "timed warm runs per case")
	keep := flag.Bool("outputs", false, "include the rendered templates in the results")
	flag.Parse()
	var err error
	switch {
	case *onceFile != "":
		err = once(*onceFile)
	case flag.NArg() == 1 && *repeat > 0 && *warmRepeat > 0:
		err = bench(flag.Arg(0), *repeat, *warmRepeat, *keep)
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
