// RunPlugin for the Node.js language host that scripts/ensure-pulumi.sh builds (this project's own
// code, compiled into the host's package `main` in place of its "not supported" stub).
//
// The Pulumi CLI (3.221 and later) starts a `runtime: nodejs` policy pack by calling RunPlugin on
// the Node.js language host with kind "analyzer". The request type this host was generated from
// predates the two fields that say so, `info` (5, a ProgramInfo holding the pack directory) and
// `kind` (6), so they are read from the request's unknown fields with protowire.
//
// For an analyzer the host runs
//
//	node <@pulumi/pulumi/cmd/run-policy-pack, resolved from the pack directory> <engine address> <pack dir>
//
// in the pack directory and streams its output back as the RPC's stdout/stderr messages, then its
// exit code. Between the engine and the pack sits a small gRPC proxy: the engine hands stack
// config to an analyzer only through the ConfigureStack call, which the Node policy SDK ignores,
// so the proxy takes it from that call, starts the pack with it in the environment the Node SDK
// reads (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_PROJECT/STACK/ORGANIZATION),
// and from then on relays every call unchanged, as raw bytes.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Field numbers this host's generated code does not know.
const (
	runPluginInfoField  = 5 // RunPluginRequest.info (ProgramInfo)
	runPluginKindField  = 6 // RunPluginRequest.kind
	programInfoRootDir  = 1 // ProgramInfo.root_directory
	programInfoProgDir  = 2 // ProgramInfo.program_directory
	stackConfigStack    = 1 // AnalyzerStackConfigureRequest.stack
	stackConfigProject  = 2 // .project
	stackConfigOrg      = 3 // .organization
	stackConfigSecrets  = 6 // .config_secret_keys (repeated string)
	stackConfigConfig   = 7 // .config (map<string,string>)
	mapEntryKey         = 1
	mapEntryValue       = 2
	maxPolicyMessageLen = 400 * 1024 * 1024 // as the engine and the Node policy SDK allow
)

const (
	analyzerHandshake      = "/pulumirpc.Analyzer/Handshake"
	analyzerConfigureStack = "/pulumirpc.Analyzer/ConfigureStack"
)

// protoFields walks the fields of an encoded message, calling fn with each length-delimited
// field's number and bytes; other wire types are skipped.
func protoFields(b []byte, fn func(num protowire.Number, value []byte)) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return protowire.ParseError(m)
			}
			fn(num, v)
			b = b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return protowire.ParseError(m)
		}
		b = b[m:]
	}
	return nil
}

// pluginTarget is what RunPlugin needs from fields 5 and 6.
type pluginTarget struct {
	kind, rootDir, programDir string
}

func parsePluginTarget(unknown []byte) (pluginTarget, error) {
	var t pluginTarget
	var inner error
	err := protoFields(unknown, func(num protowire.Number, v []byte) {
		switch num {
		case runPluginKindField:
			t.kind = string(v)
		case runPluginInfoField:
			inner = protoFields(v, func(num protowire.Number, v []byte) {
				switch num {
				case programInfoRootDir:
					t.rootDir = string(v)
				case programInfoProgDir:
					t.programDir = string(v)
				}
			})
		}
	})
	if err == nil {
		err = inner
	}
	return t, err
}

// stackConfig is what ConfigureStack tells an analyzer about the stack.
type stackConfig struct {
	stack, project, organization string
	config                       map[string]string
	secretKeys                   []string
}

func parseStackConfig(b []byte) (stackConfig, error) {
	c := stackConfig{config: map[string]string{}, secretKeys: []string{}}
	var inner error
	err := protoFields(b, func(num protowire.Number, v []byte) {
		switch num {
		case stackConfigStack:
			c.stack = string(v)
		case stackConfigProject:
			c.project = string(v)
		case stackConfigOrg:
			c.organization = string(v)
		case stackConfigSecrets:
			c.secretKeys = append(c.secretKeys, string(v))
		case stackConfigConfig:
			var key, value string
			if err := protoFields(v, func(num protowire.Number, v []byte) {
				if num == mapEntryKey {
					key = string(v)
				} else if num == mapEntryValue {
					value = string(v)
				}
			}); err != nil {
				inner = err
			}
			c.config[key] = value
		}
	})
	if err == nil {
		err = inner
	}
	return c, err
}

// env is the environment the Node SDK reads stack config and identity from.
func (c stackConfig) env() ([]string, error) {
	cfg, err := json.Marshal(c.config)
	if err != nil {
		return nil, err
	}
	keys, err := json.Marshal(c.secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{
		"PULUMI_CONFIG=" + string(cfg),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(keys),
		"PULUMI_NODEJS_PROJECT=" + c.project,
		"PULUMI_NODEJS_STACK=" + c.stack,
		"PULUMI_NODEJS_ORGANIZATION=" + c.organization,
	}, nil
}

// rawCodec relays messages as the bytes they arrived as.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	b, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*b = append((*b)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

// outputStream sends stdout/stderr chunks and the exit code on the RunPlugin stream, one at a time.
type outputStream struct {
	mu     sync.Mutex
	server pulumirpc.LanguageRuntime_RunPluginServer
}

func (o *outputStream) send(r *pulumirpc.RunPluginResponse) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_ = o.server.Send(r) // the engine has gone away: nothing left to tell it
}

func (o *outputStream) stdout(b []byte) {
	o.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
}

func (o *outputStream) stderr(b []byte) {
	o.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
}

func (o *outputStream) exit(code int) {
	o.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}

// copyTo streams r in chunks through send until EOF.
func copyTo(r io.Reader, send func([]byte)) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			send(append([]byte(nil), buf[:n]...))
		}
		if err != nil {
			return
		}
	}
}

// engineArgs drops the logging and tracing flags the engine puts before the engine address:
// run-policy-pack takes only positional arguments, and a flag would swallow the address.
func engineArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--tracing" || a == "-tracing":
			i++ // and its value
		case strings.HasPrefix(a, "-"):
			// --logtostderr, --logflow, -v=N, --tracing=…
		default:
			out = append(out, a)
		}
	}
	return out
}

// policyPack is one run of a pack: the node process, once started, and a connection to it.
type policyPack struct {
	ctx     context.Context
	nodeBin string
	script  string
	dir     string
	args    []string
	env     []string
	out     *outputStream

	once    sync.Once
	conn    *grpc.ClientConn
	cmd     *exec.Cmd
	started chan struct{} // closed once node is running (or failed to start)
	exited  chan struct{} // closed when node has exited
	code    int
	err     error
}

// start runs node with the stack's environment and waits for the port it prints.
func (p *policyPack) start(extraEnv []string) error {
	p.once.Do(func() {
		defer close(p.started)
		p.cmd = exec.CommandContext(p.ctx, p.nodeBin, append(append([]string{p.script}, p.args...), p.dir)...)
		p.cmd.Dir = p.dir
		p.cmd.Env = append(append([]string{}, p.env...), extraEnv...)
		stdout, err := p.cmd.StdoutPipe()
		if err != nil {
			p.err = err
			return
		}
		stderr, err := p.cmd.StderrPipe()
		if err != nil {
			p.err = err
			return
		}
		if err := p.cmd.Start(); err != nil {
			p.err = fmt.Errorf("could not run %s: %w", p.nodeBin, err)
			return
		}
		errDone := make(chan struct{})
		go func() { copyTo(stderr, p.out.stderr); close(errDone) }()
		lines := bufio.NewReader(stdout)
		portLine, readErr := lines.ReadString('\n')
		outDone := make(chan struct{})
		go func() { copyTo(lines, p.out.stdout); close(outDone) }()
		go func() {
			<-outDone
			<-errDone
			err := p.cmd.Wait()
			var exitErr *exec.ExitError
			switch {
			case err == nil:
			case errors.As(err, &exitErr):
				p.code = exitErr.ExitCode()
			default:
				p.code = -1
			}
			close(p.exited)
		}()
		port, convErr := strconv.Atoi(strings.TrimSpace(portLine))
		if readErr != nil || convErr != nil {
			p.err = fmt.Errorf("the policy pack in %s stopped before it started serving (its output is above)", p.dir)
			return
		}
		p.conn, p.err = grpc.Dial(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}),
				grpc.MaxCallRecvMsgSize(maxPolicyMessageLen), grpc.MaxCallSendMsgSize(maxPolicyMessageLen)))
	})
	<-p.started
	return p.err
}

// relay handles one call from the engine: stack config starts the pack with it, every call is
// passed on to the pack as is.
func (p *policyPack) relay(_ interface{}, stream grpc.ServerStream) error {
	method, ok := grpc.MethodFromServerStream(stream)
	if !ok {
		return status.Error(codes.Internal, "no method on the stream")
	}
	var req []byte
	if err := stream.RecvMsg(&req); err != nil {
		return err
	}
	var startErr error
	switch method {
	case analyzerHandshake:
		// Answered here so the pack can start after ConfigureStack, with the stack's config.
		// The Node policy SDK does not implement Handshake either; the engine carries on.
		select {
		case <-p.started:
		default:
			return status.Error(codes.Unimplemented, "Handshake is not implemented by Node.js policy packs")
		}
	case analyzerConfigureStack:
		cfg, err := parseStackConfig(req)
		if err != nil {
			return status.Errorf(codes.InvalidArgument, "reading the stack configuration: %v", err)
		}
		env, err := cfg.env()
		if err != nil {
			return status.Errorf(codes.Internal, "passing the stack configuration: %v", err)
		}
		startErr = p.start(env)
	default:
		startErr = p.start(nil)
	}
	if startErr != nil {
		return status.Error(codes.Unavailable, startErr.Error())
	}
	var resp []byte
	if err := p.conn.Invoke(stream.Context(), method, &req, &resp); err != nil {
		return err
	}
	return stream.SendMsg(&resp)
}

// RunPlugin runs a Node.js policy pack (kind "analyzer"); other plugin kinds are not supported.
func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	target, err := parsePluginTarget(req.ProtoReflect().GetUnknown())
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "reading the plugin request: %v", err)
	}
	if target.kind != "analyzer" {
		return status.Errorf(codes.Unimplemented,
			"this Node.js language host runs policy packs (kind \"analyzer\") only, not kind %q", target.kind)
	}
	dir := target.programDir
	if dir == "" {
		dir = target.rootDir
	}
	if dir == "" {
		dir = req.GetProgram()
	}
	if dir == "" {
		return status.Error(codes.InvalidArgument, "the request names no policy pack directory")
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	args := engineArgs(req.GetArgs())
	if len(args) == 0 {
		return status.Error(codes.InvalidArgument, "the request carries no engine address")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	out := &outputStream{server: server}
	ctx := server.Context()

	// Resolve run-policy-pack from the pack's directory, as a pack's own dependencies would be.
	// Node's "Cannot find module" message on stderr makes the engine suggest installing them.
	resolve := exec.CommandContext(ctx, nodeBin, "-e",
		"process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	resolve.Dir = dir
	resolve.Env = env
	var resolveErr strings.Builder
	resolve.Stderr = &resolveErr
	script, err := resolve.Output()
	if err != nil {
		out.stderr([]byte(resolveErr.String()))
		out.exit(1)
		return nil
	}

	pack := &policyPack{
		ctx: ctx, nodeBin: nodeBin, script: string(script), dir: dir, args: args, env: env, out: out,
		started: make(chan struct{}), exited: make(chan struct{}),
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("could not listen for the engine: %w", err)
	}
	srv := grpc.NewServer(
		grpc.ForceServerCodec(rawCodec{}),
		grpc.UnknownServiceHandler(pack.relay),
		grpc.MaxRecvMsgSize(maxPolicyMessageLen), grpc.MaxSendMsgSize(maxPolicyMessageLen))
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	// The engine reads the analyzer's port from the first line of its stdout.
	out.stdout([]byte(fmt.Sprintf("%d\n", lis.Addr().(*net.TCPAddr).Port)))

	select {
	case <-ctx.Done():
		// Mark the pack as never started, or wait for a start already under way to finish.
		pack.once.Do(func() { pack.err = ctx.Err(); close(pack.started) })
	case <-pack.started:
	}
	<-pack.started
	if pack.cmd == nil || pack.cmd.Process == nil {
		// Cancelled before the pack was started (or it could not be): nothing ran.
		if pack.err != nil {
			out.stderr([]byte(pack.err.Error() + "\n"))
		}
		out.exit(1)
		return nil
	}
	<-pack.exited
	if pack.conn != nil {
		_ = pack.conn.Close()
	}
	// Give calls in flight a moment to finish before the server goes.
	stopped := make(chan struct{})
	go func() { srv.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(time.Second):
	}
	out.exit(pack.code)
	return nil
}
