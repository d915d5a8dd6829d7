// The project's runtime options for the Node.js language host that scripts/ensure-pulumi.sh builds
// (this project's own code, compiled into the host's package `main` beside runplugin.go).
//
// The sdk/v3 host takes its options as command-line flags (`-typescript`, default true), which
// the engine stopped passing: today's engine sends Pulumi.yaml's `runtime.options` in the Run
// request's `info` (field 14, a ProgramInfo whose field 4 is a google.protobuf.Struct), a field
// this host's generated code does not know. Without this file `typescript: false` was ignored and
// every program run loaded ts-node and the TypeScript compiler for nothing. ensure-pulumi.sh
// rewrites the host's one `if host.typescript {` to also ask runOptionBool.
package main

import (
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Field numbers this host's generated code does not know.
const (
	runRequestInfoField = 14 // RunRequest.info (ProgramInfo)
	programInfoOptions  = 4  // ProgramInfo.options (Struct)
)

// runOptions returns Pulumi.yaml's `runtime.options` from a Run request, or nil when the engine
// sent none (an older engine, which passed them as flags instead).
func runOptions(req *pulumirpc.RunRequest) *structpb.Struct {
	var options *structpb.Struct
	_ = protoFields(req.ProtoReflect().GetUnknown(), func(num protowire.Number, info []byte) {
		if num != runRequestInfoField {
			return
		}
		_ = protoFields(info, func(num protowire.Number, raw []byte) {
			if num != programInfoOptions {
				return
			}
			s := &structpb.Struct{}
			if proto.Unmarshal(raw, s) == nil {
				options = s
			}
		})
	})
	return options
}

// runOptionBool is the boolean runtime option `name` of a Run request, or def when it is not set
// (or not a boolean).
func runOptionBool(req *pulumirpc.RunRequest, name string, def bool) bool {
	if options := runOptions(req); options != nil {
		if v, ok := options.GetFields()[name].GetKind().(*structpb.Value_BoolValue); ok {
			return v.BoolValue
		}
	}
	return def
}
