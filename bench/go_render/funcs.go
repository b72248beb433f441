package main

// The function map: Sprig's TxtFuncMap plus simple stand-ins for the functions Helm v2
// adds (include, tpl, required, toYaml, fromYaml, toJson, fromJson, toToml). They do
// the same kind of work as Helm's (marshal, parse, execute) so the timing compares;
// they are not byte-exact copies of Helm's behaviour. env and expandenv are removed,
// as Helm removes them.

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/sprig"
	"github.com/ghodss/yaml"
)

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromYAML(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func toTOML(v interface{}) string {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(v); err != nil {
		return err.Error()
	}
	return b.String()
}

func required(message string, v interface{}) (interface{}, error) {
	if v == nil {
		return nil, errors.New(message)
	}
	if s, ok := v.(string); ok && s == "" {
		return nil, errors.New(message)
	}
	return v, nil
}

// templateName is the .Template.Name of a template's data ("" when absent).
func templateName(data interface{}) string {
	top, ok := data.(map[string]interface{})
	if !ok {
		return ""
	}
	tmpl, ok := top["Template"].(map[string]interface{})
	if !ok {
		return ""
	}
	name, _ := tmpl["Name"].(string)
	return name
}

// newSet makes an empty template set whose include and tpl see the set itself.
func newSet() *template.Template {
	set := template.New("gotpl")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = fromYAML
	funcs["toJson"] = toJSON
	funcs["fromJson"] = fromJSON
	funcs["toToml"] = toTOML
	funcs["required"] = required
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var b strings.Builder
		err := set.ExecuteTemplate(&b, name, data)
		return b.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		// Parse the text into a copy of the set, so it can include the chart's
		// defines without adding a template to the set itself.
		clone, err := set.Clone()
		if err != nil {
			return "", err
		}
		name := templateName(data)
		if name == "" {
			name = "tpl"
		}
		if _, err := clone.New(name).Parse(text); err != nil {
			return "", err
		}
		var b strings.Builder
		if err := clone.ExecuteTemplate(&b, name, data); err != nil {
			return "", err
		}
		return strings.ReplaceAll(b.String(), "<no value>", ""), nil
	}
	return set.Funcs(funcs).Option("missingkey=zero")
}
