package testenv

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// BatchPut writes items 25 at a time from a few workers, retrying what DynamoDB leaves
// unprocessed: the seeding of benchmarks that need tens of thousands of items.
func BatchPut(ctx context.Context, db *dynamodb.Client, table string, items []map[string]types.AttributeValue, workers int) error {
	var (
		next   atomic.Int64
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed error
	)
	chunks := (len(items) + 24) / 25
	for range max(workers, 1) {
		wg.Go(func() {
			for ctx.Err() == nil {
				c := int(next.Add(1)) - 1
				if c >= chunks {
					return
				}
				reqs := make([]types.WriteRequest, 0, 25)
				for _, m := range items[c*25 : min(len(items), c*25+25)] {
					reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: m}})
				}
				for len(reqs) > 0 {
					out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
						RequestItems: map[string][]types.WriteRequest{table: reqs}})
					if err != nil {
						mu.Lock()
						failed = err
						mu.Unlock()
						return
					}
					reqs = out.UnprocessedItems[table]
				}
			}
		})
	}
	wg.Wait()
	if failed == nil {
		failed = ctx.Err()
	}
	return failed
}
