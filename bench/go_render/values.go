package main

// The values work of a render, simplified: parse values files with ghodss/yaml (as
// Helm v2 reads them) and merge each chart's defaults under the values given to it,
// subcharts under their parent's table. Passes as our engine (and Helm v2) makes them
// for `helm template`: with a requirements.yaml, one to evaluate conditions and tags
// and one per chart with requirements to import values; then one for the render.
// No globals, no conditions, no imports are applied: this times the parsing and
// merging, a floor for what Helm does, not its result.
//
// With a cache (what our engine does), a values text parsed before is deep-copied
// from the parsed tree instead of parsed again.

import (
	"github.com/ghodss/yaml"
)

// valuesFile holds the inputs: the user's values and the chart tree's values files.
type valuesFile struct {
	User  string
	Chart valuesChart
}

type valuesChart struct {
	Name         string
	Raw          string
	Requirements string
	Deps         []valuesChart
}

// parsedValues caches parsed values texts, used while useCache is set.
var (
	parsedValues = map[string]map[string]interface{}{}
	useCache     bool
)

func readValues(text string) map[string]interface{} {
	if useCache {
		tree, ok := parsedValues[text]
		if !ok {
			tree = parseValues(text)
			parsedValues[text] = tree
		}
		return deepCopy(tree).(map[string]interface{})
	}
	return parseValues(text)
}

func deepCopy(v interface{}) interface{} {
	switch v := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(v))
		for key, value := range v {
			out[key] = deepCopy(value)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(v))
		for i, value := range v {
			out[i] = deepCopy(value)
		}
		return out
	}
	return v
}

func parseValues(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(text), &m); err != nil || m == nil {
		return map[string]interface{}{}
	}
	return m
}

// mergeUnder fills dest with what defaults has and dest lacks, tables recursively.
func mergeUnder(dest, defaults map[string]interface{}) map[string]interface{} {
	for key, value := range defaults {
		have, ok := dest[key]
		if !ok {
			dest[key] = value
			continue
		}
		haveTable, ok1 := have.(map[string]interface{})
		valueTable, ok2 := value.(map[string]interface{})
		if ok1 && ok2 {
			dest[key] = mergeUnder(haveTable, valueTable)
		}
	}
	return dest
}

func coalesceChart(c *valuesChart, dest map[string]interface{}) map[string]interface{} {
	dest = mergeUnder(dest, readValues(c.Raw))
	for i := range c.Deps {
		dep := &c.Deps[i]
		sub, ok := dest[dep.Name].(map[string]interface{})
		if !ok {
			sub = map[string]interface{}{}
		}
		dest[dep.Name] = coalesceChart(dep, sub)
	}
	return dest
}

func importPasses(c *valuesChart) {
	for i := range c.Deps {
		importPasses(&c.Deps[i])
	}
	if c.Requirements != "" {
		readValues(c.Requirements)
		coalesceChart(c, map[string]interface{}{})
	}
}

// valuesWork does the parsing (or copying, with cached) and merging; it returns
// the render's values tree.
func valuesWork(v *valuesFile, cached bool) map[string]interface{} {
	useCache = cached
	if v == nil {
		return nil
	}
	if v.Chart.Requirements != "" {
		readValues(v.Chart.Requirements)
		coalesceChart(&v.Chart, readValues(v.User))
		importPasses(&v.Chart)
	}
	return coalesceChart(&v.Chart, readValues(v.User))
}
