package dynamo

// DecodeEvent reads a trail entry with its notices, for the tests of dynamo_test.
var DecodeEvent = decodeTrailEntry
