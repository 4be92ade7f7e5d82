package resilience

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/testenv"
)

// emulatorDurability writes items in acknowledged TransactWriteItems (six items each, as
// a transition writes several) from several writers while DynamoDB Local is killed or
// stopped by each signal in turn (on one server and data dir, as the fault load does),
// restarts it after each and reads every acknowledged transaction back. It qualifies
// the emulator the fault tests run on: a write the emulator acknowledged and then lost
// is the emulator's, not the system's.
func emulatorDurability(t *testing.T, sigs []syscall.Signal, writers int) (acked, lost, torn int) {
	const parts = 6
	srv := startServer(t, "dynamodb")
	db := srv.dynamo()
	in, err := testenv.TableInput("RegistryTable", "durability") // its indexes and stream, as the registry's
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateTable(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	// The last item of each transaction goes to a second table, as Apply's idempotency
	// record goes to the idempotency table.
	in2, err := testenv.TableInput("IdempotencyTable", "durability-idem")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateTable(context.Background(), in2); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	okSet := map[int]bool{}
	var attempted []int
	var n atomic.Int64
	checked := map[int]bool{} // losses already counted
	has := func(k string, p int) bool {
		in := &dynamodb.GetItemInput{TableName: aws.String("durability"), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: k}, "SK": &types.AttributeValueMemberS{Value: "#META"}}}
		if p == parts-1 {
			in = &dynamodb.GetItemInput{TableName: aws.String("durability-idem"), ConsistentRead: aws.Bool(true),
				Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: k}}}
		}
		out, err := db.GetItem(context.Background(), in)
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		return out.Item != nil
	}
	for round, sig := range sigs {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					i := int(n.Add(1))
					mu.Lock()
					attempted = append(attempted, i)
					mu.Unlock()
					var items []types.TransactWriteItem
					for p := 0; p < parts-1; p++ { // as many items as a transition writes
						items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String("durability"),
							Item: durItem(fmt.Sprintf("%d-%d", i, p))}})
					}
					items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String("durability-idem"),
						Item: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: fmt.Sprintf("%d-%d", i, parts-1)}}}})
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
					cancel()
					if err == nil {
						mu.Lock()
						okSet[i] = true
						mu.Unlock()
					} else {
						time.Sleep(20 * time.Millisecond)
					}
				}
			}()
		}
		for n.Load() < int64(300*(round+1)) {
			time.Sleep(5 * time.Millisecond)
		}
		srv.kill(sig)
		time.Sleep(200 * time.Millisecond)
		close(stop)
		wg.Wait()
		srv.start()
		var lostIDs []int
		roundTorn := 0
		for _, i := range attempted {
			if checked[i] {
				continue
			}
			present := 0
			for p := 0; p < parts; p++ {
				if has(fmt.Sprintf("%d-%d", i, p), p) {
					present++
				}
			}
			if present != 0 && present != parts && !checked[-i] {
				roundTorn++
				checked[-i] = true
				t.Logf("transaction %d torn: %d of %d items present", i, present, parts)
			}
			if okSet[i] && present != parts {
				lostIDs = append(lostIDs, i)
				checked[i] = true
			}
		}
		lost += len(lostIDs)
		torn += roundTorn
		t.Logf("%v (fault %d): %d acknowledged of %d attempted so far; lost now %v; %d torn", sig, round+1, len(okSet), len(attempted), lostIDs, roundTorn)
	}
	return len(okSet), lost, torn
}

// BUG (of the emulator, not of ictgov): DynamoDB Local 3.3.1, file-backed (-dbPath),
// loses transactions it has acknowledged when it is killed (SIGKILL) or even stopped
// (SIGTERM) right after: the soak's fault load saw applications answered 201/200 and
// older or absent after the restart, and this test shows the same with plain
// TransactWriteItems and no ictgov code (in some runs the last one or two acknowledged
// transactions of ~300 are gone; none is ever torn). Nothing in the project can fix
// it (AWS DynamoDB does not lose acknowledged writes); the fault tests count such whole
// losses of the last acknowledged writes before a kill or stop as the emulator's and
// fail on anything else. Long (several rounds), so soak only.
func TestSoakDynamoDBLocalDurability(t *testing.T) {
	if !soak() {
		t.Skip("soak: runs only with ICTGOV_SOAK=1 (make soak)") // the suite's one allowed skip
	}
	sigs := []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM, syscall.SIGKILL, syscall.SIGTERM, syscall.SIGTERM, syscall.SIGKILL, syscall.SIGTERM}
	acked, lost, torn := emulatorDurability(t, sigs, 16)
	t.Logf("DynamoDB Local under %v: %d acknowledged transactions, %d lost, %d torn", sigs, acked, lost, torn)
	if torn > 0 {
		t.Errorf("%d transactions torn", torn)
	}
	if lost > 0 {
		// The emulator's, not the system's: reported so the figure is seen, not failed,
		// since nothing in the project can change it. A torn transaction would be ours.
		t.Logf("DynamoDB Local lost %d acknowledged transactions across %d faults", lost, len(sigs))
	}
}

// durItem is shaped like an application's META item: key, the three queue indexes.
func durItem(k string) map[string]types.AttributeValue {
	v := func(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }
	return map[string]types.AttributeValue{"PK": v(k), "SK": v("#META"), "GSI1PK": v("ORG#o"), "GSI1SK": v(k),
		"GSI2PK": v("STATUS#draft"), "GSI2SK": v(k), "GSI3PK": v("APP#ALL"), "GSI3SK": v(k), "note": v(strings.Repeat("x", 500))}
}
