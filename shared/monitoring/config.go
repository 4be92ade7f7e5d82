package monitoring

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DefaultR3OverrunPercent is how far over its planned budget a project must be for the
// overrun to count as "significant" (004 ¶28.3) when the deployment sets nothing. The
// seed does not quantify it (digest 004, gap 5); ten percent is the tolerance project
// offices commonly treat as a cost variance that needs escalation, and the ministry sets
// its own with the template parameter BudgetOverrunThresholdPercent (README, Decisions).
const DefaultR3OverrunPercent = 10.0

// Config is what a deployment decides where the seed is silent.
type Config struct {
	// R3OverrunPercent is the R3 threshold: an overrun of at least this share of the
	// planned budget, in percent, is significant.
	R3OverrunPercent float64
}

// DefaultConfig is the configuration with every default.
func DefaultConfig() Config { return Config{R3OverrunPercent: DefaultR3OverrunPercent} }

// ConfigEnv names the environment variable the template sets from its parameter.
const ConfigEnv = "MONITORING_R3_OVERRUN_PERCENT"

// ParseConfig reads the configuration through getenv (os.Getenv in a function); an
// unset value is the default, a malformed one an error that stops the function's start
// rather than judging budgets by a threshold nobody chose.
func ParseConfig(getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	v := strings.TrimSpace(getenv(ConfigEnv))
	if v == "" {
		return c, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f <= 0 || f > 1000 {
		return c, fmt.Errorf("%s=%q: want a percentage above 0 and at most 1000", ConfigEnv, v)
	}
	c.R3OverrunPercent = f
	return c, nil
}

// Factors are R1–R5 with R3's threshold as configured.
func (c Config) Factors() []RiskFactor {
	out := make([]RiskFactor, len(riskFactors))
	copy(out, riskFactors)
	for i := range out {
		if out[i].Code == "R3" {
			th := c.R3OverrunPercent
			out[i].ThresholdPercent = &th
			out[i].Note = fmt.Sprintf("Significant from an overrun of %s%% of the planned budget: a configuration (template parameter "+
				"BudgetOverrunThresholdPercent, default %s%%), since the seed does not quantify \"significant\".",
				strconv.FormatFloat(th, 'f', -1, 64), strconv.FormatFloat(DefaultR3OverrunPercent, 'f', -1, 64))
		}
	}
	return out
}
