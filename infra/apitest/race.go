package apitest

import (
	"sync"
	"testing"
)

// Race sends n copies of one change at once (call sends the i-th and returns its status)
// and counts the winners, those answered won; every other copy must lose with 409, or the
// test fails. It returns the statuses too, for the caller's own messages.
func Race(t testing.TB, n, won int, call func(i int) int) (wins int, codes []int) {
	t.Helper()
	codes = make([]int, n)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Go(func() { codes[i] = call(i) })
	}
	wg.Wait()
	for _, c := range codes {
		switch c {
		case won:
			wins++
		case 409:
		default:
			t.Fatalf("unexpected status %d among %v", c, codes)
		}
	}
	return wins, codes
}
