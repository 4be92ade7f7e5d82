package httpapi

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The OpenAPI document is kept as fragments, one per capability (openapi/*.yaml), so
// that a capability's routes and schemas live in one file and two pieces of work rarely
// touch the same lines. 00-base.yaml holds the header, the conventions and the shared
// components; every other fragment holds `paths` and, optionally, `components` and `tags`.
// AssembleOpenAPI merges them in file-name order into the one document the contract asks
// for, then writes what the procedure declarations say (openapi_procedures.go), so that
// the document cannot drift from the code it describes.
//
//go:embed openapi/*.yaml
var openapiFragments embed.FS

// AssembleOpenAPI merges the fragments into one OpenAPI document. With local false the
// operations marked `x-local-only` (the gateway's /dev routes) are left out: that is the
// document a deployment serves.
func AssembleOpenAPI(local bool) ([]byte, error) {
	names, err := fs.Glob(openapiFragments, "openapi/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list openapi fragments: %w", err)
	}
	slices.Sort(names)
	var doc *yaml.Node
	for _, name := range names {
		b, err := openapiFragments.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var frag yaml.Node
		if err := yaml.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		if len(frag.Content) == 0 {
			continue
		}
		if doc == nil {
			doc = &frag
			continue
		}
		if err := mergeFragment(doc.Content[0], frag.Content[0], path.Base(name)); err != nil {
			return nil, err
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("no openapi fragments")
	}
	if !local {
		dropLocalOnly(doc.Content[0])
	}
	if err := generateFromDeclarations(doc.Content[0]); err != nil {
		return nil, fmt.Errorf("generate openapi: %w", err)
	}
	if err := gatewayResponses(doc.Content[0]); err != nil {
		return nil, fmt.Errorf("generate openapi: %w", err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode openapi: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode openapi: %w", err)
	}
	return buf.Bytes(), nil
}

// mergeFragment adds a fragment's paths, components and tags to the document; a key
// defined twice is an error, never a silent override.
func mergeFragment(doc, frag *yaml.Node, name string) error {
	for i := 0; i+1 < len(frag.Content); i += 2 {
		key, val := frag.Content[i].Value, frag.Content[i+1]
		switch key {
		case "paths":
			if err := mergeMapping(MappingValue(doc, "paths", true), val, name+": paths"); err != nil {
				return err
			}
		case "components":
			comps := MappingValue(doc, "components", true)
			for j := 0; j+1 < len(val.Content); j += 2 {
				section := val.Content[j].Value
				if err := mergeMapping(MappingValue(comps, section, true), val.Content[j+1], name+": components."+section); err != nil {
					return err
				}
			}
		case "tags":
			tags := MappingValue(doc, "tags", false)
			if tags == nil {
				tags = &yaml.Node{Kind: yaml.SequenceNode}
				doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "tags"}, tags)
			}
			tags.Content = append(tags.Content, val.Content...)
		default:
			return fmt.Errorf("%s: only paths, components and tags may be in a fragment, not %q", name, key)
		}
	}
	return nil
}

func mergeMapping(dst, src *yaml.Node, what string) error {
	if src.Kind != yaml.MappingNode {
		return fmt.Errorf("%s is not a mapping", what)
	}
	for i := 0; i+1 < len(src.Content); i += 2 {
		k := src.Content[i].Value
		if MappingValue(dst, k, false) != nil {
			return fmt.Errorf("%s: %q is defined twice", what, k)
		}
		dst.Content = append(dst.Content, src.Content[i], src.Content[i+1])
	}
	return nil
}

// MappingValue returns the value of key in mapping m; with create, a missing key is
// added with an empty mapping. It returns nil when m is not a mapping.
func MappingValue(m *yaml.Node, key string, create bool) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	if !create {
		return nil
	}
	v := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}

// dropLocalOnly removes operations marked x-local-only, and paths left empty, and the
// components marked x-local-only that only those operations use.
func dropLocalOnly(doc *yaml.Node) {
	if comps := MappingValue(doc, "components", false); comps != nil {
		for i := 0; i+1 < len(comps.Content); i += 2 {
			section := comps.Content[i+1]
			var kept []*yaml.Node
			for j := 0; j+1 < len(section.Content); j += 2 {
				if v := MappingValue(section.Content[j+1], "x-local-only", false); v != nil && v.Value == "true" {
					continue
				}
				kept = append(kept, section.Content[j], section.Content[j+1])
			}
			section.Content = kept
		}
	}
	paths := MappingValue(doc, "paths", false)
	if paths == nil {
		return
	}
	var kept []*yaml.Node
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		var ops []*yaml.Node
		hasOp := false
		for j := 0; j+1 < len(item.Content); j += 2 {
			op := item.Content[j+1]
			if v := MappingValue(op, "x-local-only", false); v != nil && v.Value == "true" {
				continue
			}
			if isHTTPMethod(item.Content[j].Value) {
				hasOp = true
			}
			ops = append(ops, item.Content[j], op)
		}
		if !hasOp {
			continue
		}
		item.Content = ops
		kept = append(kept, paths.Content[i], item)
	}
	paths.Content = kept
}

func isHTTPMethod(s string) bool {
	switch strings.ToLower(s) {
	case "get", "put", "post", "delete", "options", "head", "patch", "trace":
		return true
	}
	return false
}
