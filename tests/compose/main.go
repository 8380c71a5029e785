// Loads a Compose file the way `docker compose` does (compose-go, the library Docker Compose v2 is built on):
// interpolation with the environment, required variables (${X:?message}), schema validation, normalisation.
// Prints the resulting project as JSON, or the loader's error and exits 1. Test infrastructure only
// (tests/integration/deployment.test.ts): no Docker engine is needed.
//
//	go run . docker-compose.yml
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check FILE")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions([]string{os.Args[1]}, cli.WithOsEnv, cli.WithName("callqa"))
	if err == nil {
		var project interface{}
		project, err = options.LoadProject(context.Background())
		if err == nil {
			out, _ := json.MarshalIndent(project, "", "  ")
			fmt.Println(string(out))
			return
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
