package rie

import "testing"

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   Outcome
	}{
		{200, `{"statusCode":200}`, OK},
		{200, `"Task timed out after 1.00 seconds"`, OK}, // a JSON string is a normal answer
		{200, `Task timed out after 1.00 seconds`, Timeout},
		{502, `{"errorMessage":"boom","errorType":"string"}`, Error},
		{200, `{"errorMessage":"boom","errorType":"wrapError"}`, Error},
		{200, `{"errorMessage":"just a field"}`, OK},
	} {
		if got := classify(c.status, []byte(c.body)); got != c.want {
			t.Errorf("%d %s: %s, want %s", c.status, c.body, got, c.want)
		}
	}
}
