package main

// The top-level template data, rebuilt from the export of bench/render_go_export.py
// with Go types shaped like Helm v2's (.Release is a map, .Chart a struct pointer,
// .Files a map type with methods, .Capabilities a struct pointer). Field names are
// Go's, so the JSON decodes by name without tags.

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// caseFile is one exported corpus case.
type caseFile struct {
	ID        string
	Templates []templateFile
	Scopes    []json.RawMessage
	Values    *valuesFile
}

// templateFile is one template: its text and which scope (chart or subchart) it sees.
type templateFile struct {
	Name  string
	Text  string
	Scope int
	Base  string
}

type scopeFile struct {
	Values       map[string]interface{}
	Release      releaseFile
	Chart        *Metadata
	Files        Files
	Capabilities *Capabilities
}

type releaseFile struct {
	Name      string
	Time      *Timestamp
	Namespace string
	IsUpgrade bool
	IsInstall bool
	Revision  int
	Service   string
}

// Timestamp stands for the protobuf timestamp of .Release.Time.
type Timestamp struct {
	Seconds int64
	Nanos   int32
}

// String prints the compact protobuf text form.
func (t *Timestamp) String() string {
	if t.Nanos != 0 {
		return fmt.Sprintf("seconds:%d nanos:%d ", t.Seconds, t.Nanos)
	}
	return fmt.Sprintf("seconds:%d ", t.Seconds)
}

// Maintainer is one entry of Chart.yaml's maintainers.
type Maintainer struct {
	Name  string
	Email string
	Url   string
}

// Metadata is .Chart (Chart.yaml with Go field names). No String method: rare.
type Metadata struct {
	Name          string
	Home          string
	Sources       []string
	Version       string
	Description   string
	Keywords      []string
	Maintainers   []*Maintainer
	Engine        string
	Icon          string
	ApiVersion    string
	Condition     string
	Tags          string
	AppVersion    string
	Deprecated    bool
	TillerVersion string
	Annotations   map[string]string
	KubeVersion   string
}

// VersionSet is .Capabilities.APIVersions.
type VersionSet map[string]interface{}

// Has reports whether an API version is available.
func (v VersionSet) Has(apiVersion string) bool {
	_, ok := v[apiVersion]
	return ok
}

// KubeInfo is .Capabilities.KubeVersion.
type KubeInfo struct {
	Major, Minor, GitVersion, GitCommit, GitTreeState string
	BuildDate, GoVersion, Compiler, Platform          string
}

// String is the GitVersion.
func (k *KubeInfo) String() string { return k.GitVersion }

// TillerInfo is .Capabilities.TillerVersion.
type TillerInfo struct {
	SemVer, GitCommit, GitTreeState string
}

// String prints a compact protobuf-like text form.
func (t *TillerInfo) String() string {
	return fmt.Sprintf("sem_ver:%q git_commit:%q git_tree_state:%q ", t.SemVer, t.GitCommit, t.GitTreeState)
}

// Capabilities is .Capabilities.
type Capabilities struct {
	APIVersions   VersionSet
	KubeVersion   *KubeInfo
	TillerVersion *TillerInfo
}

// Files is .Files: chart files by path (decoded from base64 by encoding/json).
type Files map[string][]byte

// GetBytes returns a file's bytes (nil when absent).
func (f Files) GetBytes(name string) []byte { return f[name] }

// Get returns a file's contents ("" when absent).
func (f Files) Get(name string) string { return string(f[name]) }

// Glob returns the files whose path matches a glob (* and ? stop at /, ** does not).
func (f Files) Glob(pattern string) Files {
	match := globRegexp(pattern)
	out := Files{}
	for name, data := range f {
		if match.MatchString(name) {
			out[name] = data
		}
	}
	return out
}

// AsConfig renders the files as a YAML map of base name to contents.
func (f Files) AsConfig() string {
	m := map[string]string{}
	for _, name := range f.sortedNames() {
		m[path.Base(name)] = string(f[name])
	}
	return toYAML(m)
}

// AsSecrets renders the files as a YAML map of base name to base64 contents.
func (f Files) AsSecrets() string {
	m := map[string]string{}
	for _, name := range f.sortedNames() {
		m[path.Base(name)] = base64.StdEncoding.EncodeToString(f[name])
	}
	return toYAML(m)
}

// Lines splits a file into lines (nil when absent).
func (f Files) Lines(name string) []string {
	data, ok := f[name]
	if !ok {
		return nil
	}
	return strings.Split(string(data), "\n")
}

func (f Files) sortedNames() []string {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

var globCache = map[string]*regexp.Regexp{}

// globRegexp translates a glob to an anchored regexp; an invalid one matches all.
func globRegexp(pattern string) *regexp.Regexp {
	if re, ok := globCache[pattern]; ok {
		return re
	}
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			b.WriteString(`.*`)
			i++
		case c == '*':
			b.WriteString(`[^/]*`)
		case c == '?':
			b.WriteString(`[^/]`)
		case c == '{':
			b.WriteString(`(?:`)
		case c == '}':
			b.WriteString(`)`)
		case c == ',':
			b.WriteString(`|`)
		case c == '[' && i+1 < len(pattern) && pattern[i+1] == '!':
			b.WriteString(`[^`)
			i++
		case c == '[' || c == ']' || c == '-':
			b.WriteByte(c)
		case c == '\\' && i+1 < len(pattern):
			i++
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	b.WriteString(`)$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		re = regexp.MustCompile(`^(?s:.*)$`)
	}
	globCache[pattern] = re
	return re
}

// decodeScopes builds fresh top-level data for every scope of a case (templates may
// change their values, so every timed run gets its own copy, decoded untimed).
func decodeScopes(raw []json.RawMessage) ([]map[string]interface{}, error) {
	out := make([]map[string]interface{}, len(raw))
	for i, r := range raw {
		var s scopeFile
		if err := json.Unmarshal(r, &s); err != nil {
			return nil, err
		}
		if s.Values == nil {
			s.Values = map[string]interface{}{}
		}
		rel := s.Release
		out[i] = map[string]interface{}{
			"Values": s.Values,
			"Release": map[string]interface{}{
				"Name": rel.Name, "Time": rel.Time, "Namespace": rel.Namespace,
				"IsUpgrade": rel.IsUpgrade, "IsInstall": rel.IsInstall,
				"Revision": rel.Revision, "Service": rel.Service,
			},
			"Chart":        s.Chart,
			"Files":        s.Files,
			"Capabilities": s.Capabilities,
		}
	}
	return out, nil
}
