// Package cli is Storyline's command line: it parses arguments, dispatches
// to the subcommands (run, extract, eval ..., train ..., bench ..., serve)
// and turns their errors into exit codes. Each subcommand lives in its own
// file and registers itself in init, so the stages never import the CLI.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Command is one subcommand, such as "run" or "eval ner".
type Command struct {
	// Name is the command's words: "run", "eval cluster".
	Name string
	// Summary is one line for `storyline help`.
	Summary string
	// Usage is the argument synopsis after the name: "[flags] PATH...".
	Usage string
	// Flags declares the command's flags on fs and returns the function
	// that runs it with the positional arguments once flags are parsed.
	Flags func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error
}

// Env is what a command may touch of the outside world; tests supply their
// own.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	Getenv func(string) string
}

// ErrUsage marks an error in the command line itself (exit status 2).
var ErrUsage = errors.New("usage")

var commands = map[string]*Command{}

// register adds a command; called from init functions in this package.
func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("cli: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// Main runs the command line and returns the process exit status.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv}
	return Run(ctx, env, args)
}

// Run executes args (without the program name) and returns the exit status:
// 0 on success, 1 when the command failed, 2 for a usage error, 130 when
// ctx was cancelled (Ctrl-C, SIGTERM) before the command finished.
func Run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, _ := lookup(args[1:]); c != nil {
				printCommandHelp(env.Stderr, c)
				return 0
			}
		}
		printHelp(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, rest := lookup(args)
	if c == nil {
		fmt.Fprintf(env.Stderr, "storyline: unknown command %q\n\n", strings.Join(args[:min(len(args), 2)], " "))
		printHelp(env.Stderr)
		return 2
	}
	fs := flag.NewFlagSet("storyline "+c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	run := c.Flags(fs)
	pos, err := parseInterspersed(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(env.Stderr, c)
		return 0
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "storyline %s: %v\n", c.Name, err)
		fmt.Fprintf(env.Stderr, "usage: storyline %s %s (see storyline %s -h)\n", c.Name, c.Usage, c.Name)
		return 2
	}
	if err := run(ctx, env, pos); err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			// Ctrl-C or SIGTERM: say so plainly, with the shell's status
			// for a command ended by SIGINT.
			fmt.Fprintf(env.Stderr, "storyline %s: interrupted: %v\n", c.Name, err)
			return 130
		}
		fmt.Fprintf(env.Stderr, "storyline %s: %v\n", c.Name, err)
		if errors.Is(err, ErrUsage) {
			fmt.Fprintf(env.Stderr, "usage: storyline %s %s\n", c.Name, c.Usage)
			return 2
		}
		return 1
	}
	return 0
}

// lookup finds the longest command name that prefixes args.
func lookup(args []string) (*Command, []string) {
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	if c, ok := commands[args[0]]; ok {
		return c, args[1:]
	}
	return nil, nil
}

// parseInterspersed parses flags wherever they appear among the positional
// arguments, so `run --format json DIR` and `run DIR --format json` agree.
// A lone "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Storyline turns a pile of news articles into cited stories.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: storyline COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-18s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'storyline COMMAND -h' for a command's flags.")
}

func printCommandHelp(w io.Writer, c *Command) {
	fmt.Fprintf(w, "usage: storyline %s %s\n\n%s\n", c.Name, c.Usage, c.Summary)
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	c.Flags(fs)
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
