package httpapi

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// What API Gateway and the caching layer add to every operation is generated rather than
// written into each fragment, so no fragment can forget it:
//   - every operation may be answered 429 by the HTTP API's throttle, with API Gateway's
//     own body;
//   - every public GET but /v1/health is Cacheable: its 200 carries ETag and
//     Cache-Control, and If-None-Match with a current ETag is answered 304.
//
// AssembleOpenAPI calls gatewayResponses after the declarations' parts are written.

// uncacheable are the public GETs whose answers must not be cached.
var uncacheable = map[string]bool{"/v1/health": true}

func gatewayResponses(doc *yaml.Node) error {
	paths := MappingValue(doc, "paths", false)
	if paths == nil {
		return nil
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			method, op := strings.ToLower(item.Content[j].Value), item.Content[j+1]
			if !isHTTPMethod(method) || op.Kind != yaml.MappingNode {
				continue
			}
			if v := MappingValue(op, "x-local-only", false); v != nil && v.Value == "true" {
				continue // the gateway's own routes: no API Gateway in front of them
			}
			responses := MappingValue(op, "responses", true)
			addRef(responses, "429", "#/components/responses/TooManyRequests")
			sec := MappingValue(op, "security", false)
			public := sec != nil && sec.Kind == yaml.SequenceNode && len(sec.Content) == 0
			if method != "get" || !public || uncacheable[path] {
				continue
			}
			addRef(responses, "304", "#/components/responses/NotModified")
			params := MappingValue(op, "parameters", false)
			if params == nil {
				params = &yaml.Node{Kind: yaml.SequenceNode}
				op.Content = append(op.Content, scalar("parameters"), params)
			}
			params.Content = append(params.Content, refNode("#/components/parameters/IfNoneMatch"))
			if ok := MappingValue(responses, "200", false); ok != nil {
				headers := MappingValue(ok, "headers", true)
				addRef(headers, "ETag", "#/components/headers/ETag")
				addRef(headers, "Cache-Control", "#/components/headers/Cache-Control")
			}
		}
	}
	return nil
}

// addRef sets key to {$ref: ref} unless the mapping has it already.
func addRef(m *yaml.Node, key, ref string) {
	if MappingValue(m, key, false) != nil {
		return
	}
	m.Content = append(m.Content, scalar(key), refNode(ref))
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Tag: "!!str"} }

func refNode(ref string) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("$ref"), scalar(ref)}}
}
