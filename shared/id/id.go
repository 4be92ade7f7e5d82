// Package id makes identifiers that sort by creation time, so keys built from them keep
// lists newest-first or oldest-first without a second index.
package id

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"time"
)

// Crockford's base32 without I, L, O, U: unambiguous when read aloud or retyped from paper.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// New returns a 26-character ULID-style identifier: 48 bits of milliseconds, 80 random bits.
func New(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	// crypto/rand.Read never returns an error on supported platforms (Go 1.24+).
	_, _ = rand.Read(b[6:])
	return encode(b)
}

func encode(b [16]byte) string {
	// Treat the 16 bytes as one 128-bit number and peel off 5 bits at a time from the
	// low end; 26 symbols hold 130 bits, so the first symbol carries only 3.
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// Valid reports whether s has the shape New produces; used to refuse junk ids before
// they reach a key condition.
func Valid(s string) bool {
	if len(s) != 26 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return false
		}
	}
	return s[0] <= '7' // 128 bits leave 3 bits in the first symbol
}
