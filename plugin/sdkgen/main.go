// Command genesys-byoc-sdkgen writes the SDKs of the genesys-byoc provider plugin for Python, Go
// and .NET from its schema, with Pulumi's own code generators (github.com/pulumi/pulumi/pkg/v3
// codegen, the code `pulumi package gen-sdk` runs through each language's host; the hosts
// themselves are not served by the Go module proxy, the generators are).
//
// Usage: genesys-byoc-sdkgen SCHEMA_JSON OUT_DIR [LANGUAGE...]
//
// Languages: python, go, dotnet (default: all three); each is written to OUT_DIR/<language>.
// Java's generator (github.com/pulumi/pulumi-java/pkg) is not served by the proxy.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"os"
	"path/filepath"

	dotnetgen "github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "genesys-byoc-sdkgen"

// generators by language: each returns the SDK's files by relative path.
var generators = map[string]func(*schema.Package) (map[string][]byte, error){
	"python": func(p *schema.Package) (map[string][]byte, error) {
		return pygen.GeneratePackage(tool, p, nil, nil)
	},
	"go": func(p *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, p, nil)
	},
	"dotnet": func(p *schema.Package) (map[string][]byte, error) {
		// The .NET generator downloads the package's logo (by default from the internet, which is
		// not reachable here): it gets one served from this process, on the loopback interface.
		logo, stop, err := serveLogo()
		if err != nil {
			return nil, err
		}
		defer stop()
		p.LogoURL = logo
		return dotnetgen.GeneratePackage(tool, p, nil, nil)
	},
}

// serveLogo serves a 64x64 PNG on 127.0.0.1 and returns its URL and how to stop serving it.
func serveLogo() (string, func(), error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := 0; x < 64; x++ {
		for y := 0; y < 64; y++ {
			img.Set(x, y, color.RGBA{R: 0xff, G: 0x4f, B: 0x1f, A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", nil, err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(buf.Bytes())
	})}
	go func() { _ = srv.Serve(lis) }()
	return "http://" + lis.Addr().String() + "/logo.png", func() { _ = srv.Close() }, nil
}

func run(schemaPath, out string, languages []string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	for _, lang := range languages {
		gen, ok := generators[lang]
		if !ok {
			return fmt.Errorf("no generator for %q (python, go, dotnet)", lang)
		}
		// Bound once per language: a generator records its language's options on the package.
		pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
		if err != nil {
			return fmt.Errorf("%s: %w", schemaPath, err)
		}
		if diags.HasErrors() {
			return fmt.Errorf("%s: %s", schemaPath, diags.Error())
		}
		files, err := gen(pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", lang, err)
		}
		dir := filepath.Join(out, lang)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		for name, content := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("%s: %d files in %s\n", lang, len(files), dir)
	}
	return nil
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: genesys-byoc-sdkgen SCHEMA_JSON OUT_DIR [python|go|dotnet...]")
		os.Exit(2)
	}
	languages := os.Args[3:]
	if len(languages) == 0 {
		languages = []string{"python", "go", "dotnet"}
	}
	if err := run(os.Args[1], os.Args[2], languages); err != nil {
		fmt.Fprintln(os.Stderr, "genesys-byoc-sdkgen:", err)
		os.Exit(1)
	}
}
