// Package server is the local twin of API Gateway + Lambda for ictgov: it reads
// template.yaml, provisions tables and buckets on the local servers, builds every
// function, runs each under a pool of aws-lambda-rie processes and delivers the events
// the template wires: HTTP API requests (with the JWT authorizer), S3 notifications (from
// versitygw's webhook), ScheduleV2 schedules and DynamoDB streams, plus the /dev routes.
package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/ictgov/ictgov/infra/gateway/stream"
	"github.com/ictgov/ictgov/infra/template"
)

// Local values of the template's parameters (see package template): the gateway
// passes them as Stage, JwtIssuer and JwtAudience unless overridden, and /dev/token
// issues tokens for the issuer and audience.
const (
	LocalIssuer   = template.LocalIssuer
	LocalAudience = template.LocalAudience
	LocalStage    = template.LocalStage
)

// Config configures a gateway. Zero values get the documented defaults.
type Config struct {
	// TemplatePath is the SAM template; default "template.yaml". Its folder is the root
	// the functions' GoMain paths are relative to.
	TemplatePath string
	// Listen is the address to listen on (default 127.0.0.1:3000); ignored if Listener
	// is set. Port 0 picks a free port.
	Listen string
	// Listener, if set, is used instead of listening on Listen (tests pass one on
	// 127.0.0.1:0). The server closes it.
	Listener net.Listener
	// Params override template parameters. Stage defaults to "local", JwtIssuer and
	// JwtAudience to LocalIssuer and LocalAudience (when the template declares them).
	Params map[string]string
	// Stage is the value of the Stage parameter unless Params names it; default "local".
	Stage string
	// Region is AWS::Region and the functions' AWS_REGION; default us-east-1.
	Region string
	// ToolsDir holds bin/aws-lambda-rie; default <repo>/.tools, where <repo> is the
	// nearest folder above the template with a go.mod. RIEPath overrides the
	// binary's path.
	ToolsDir string
	RIEPath  string
	// Instances is the RIE pool size per function; default 2.
	Instances int
	// BuildDir receives <LogicalId>/bootstrap; default <repo>/.build.
	BuildDir string
	// Parallel limits concurrent builds; default 2.
	Parallel int
	// Stack starts infra/stack/stack.sh (DynamoDB Local, versitygw, Mailpit) after the
	// gateway listens, and stops it on Close.
	Stack bool
	// StackScript is the stack script; default <repo>/infra/stack/stack.sh.
	StackScript string
	// StateDir receives gateway.url; default <repo>/.data/run. Empty string in tests:
	// set it to a temp dir.
	StateDir string
	// DevJWTKey signs and verifies local tokens; empty: 32 random bytes.
	DevJWTKey []byte
	// Env is the gateway's environment (default os.Environ()): AWS credentials, the
	// AWS_ENDPOINT_URL_DYNAMODB / _S3 endpoints and every ICTGOV_* variable are passed
	// to the functions; the stack's `env` output is added to it.
	Env []string
	// Log receives the gateway's structured logs; default slog.Default().
	Log *slog.Logger
	// Output receives the emulators' and functions' own output; default os.Stderr.
	Output io.Writer
	// Triggers runs schedules and stream pollers; nil: schedules fire only through
	// /dev/schedules and streams are not polled.
	Triggers *Triggers
	// ManualSchedules leaves the schedules to /dev/schedules only, streams still polled:
	// make test and make bench fire the sweep as of the moments they mean, and a wall-clock
	// firing (DeadlineCheck at minute 5 of every hour) between two steps of a test that
	// expects no sweep in between would make it fail by the time of day.
	ManualSchedules bool
	// AsyncRetryDelay is the first delay before an asynchronous invocation (S3, schedule,
	// InvocationType Event) is retried, doubled each time; default 1 s. How often it is
	// retried is the function's EventInvokeConfig.MaximumRetryAttempts (2 by default).
	AsyncRetryDelay time.Duration
	// Parameters seed the local parameter store (SSM), name to value, e.g. the
	// recipients Notify reads under /ictgov/<Stage>/recipients.
	Parameters map[string]string
}

// Schedule is a parsed schedule expression.
type Schedule interface {
	// Next is the first firing strictly after after; false if it never fires again.
	Next(after time.Time) (time.Time, bool)
	// Run calls fire at each firing time until ctx is done.
	Run(ctx context.Context, fire func(ctx context.Context, scheduled time.Time))
}

// Triggers connects the gateway to the schedule and stream packages; the gateway's main
// package wires them (see infra/gateway/triggers.go).
type Triggers struct {
	// ParseSchedule parses cron(...), rate(...) or at(...) in a time zone.
	ParseSchedule func(expression, timezone string) (Schedule, error)
	// SchedulePayload builds the event for a firing from the template's Input.
	SchedulePayload func(input string, scheduled time.Time, scheduleARN string) []byte
	// RunStream polls a table's stream and calls spec.Deliver until ctx is done.
	RunStream func(ctx context.Context, spec StreamSpec) error
}

// StreamSpec is one DynamoDB event source mapping to poll.
type StreamSpec struct {
	Function         string
	Event            string
	Table            string
	BatchSize        int
	Filters          []string
	StartingPosition string
	// MaxRetries is the template's MaximumRetryAttempts; -1 when unset.
	MaxRetries int
	// OnFailure receives the records skipped after their retries (nil: none).
	OnFailure func(ctx context.Context, f stream.Failure)
	Streams   *dynamodbstreams.Client
	DDB       *dynamodb.Client
	Log       *slog.Logger
	Deliver   func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error)
}
