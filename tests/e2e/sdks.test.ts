/**
 * The SDKs of the provider plugin for the other languages, generated from plugin/schema.json
 * (plugin/sdkgen/generate.sh, Pulumi's own code generators): Python, Go and .NET are written with
 * every resource, the component and the functions; the Go SDK and a Go program on it compile
 * (`go build`, `go vet`); the Python SDK compiles (`python3 -m compileall`). .NET is generated
 * only: there is no .NET toolchain on this project's machines. (Java: its generator,
 * github.com/pulumi/pulumi-java/pkg, is not served by the Go module proxy.)
 *
 * Heavy (Go builds: a few minutes on a cold cache), so it lives with the end-to-end suites, which
 * start first.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { PROJECT_DIR } from "../helpers/pulumi";

jest.setTimeout(1_200_000);

const run = promisify(execFile);
const GO_ENV = { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-mod=mod" };
/** The flags the CLI's own build uses, so the Go build cache is shared with it. */
const GO_BUILD = ["-trimpath", "-tags", "osusergo,grpcnotrace"];

let out: string;
beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-sdks-"));
  await run("bash", [path.join(PROJECT_DIR, "plugin/sdkgen/generate.sh"), out], { maxBuffer: 1 << 24 });
}, 1_200_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const read = (file: string) => fs.readFileSync(path.join(out, file), "utf8");

describe("the SDKs generated from the plugin's schema", () => {
  it("Python, Go and .NET: every resource, the component and the functions; the SIP password secret", () => {
    for (const f of ["trunk", "did_pool", "number_plans", "outbound_route_binding", "byoc_telephony"]) {
      expect(fs.existsSync(path.join(out, `python/pulumi_genesys_byoc/${f}.py`))).toBe(true);
    }
    expect(read("python/pulumi_genesys_byoc/get_edge_site.py")).toContain("def get_edge_site(");
    expect(read("go/genesysbyoc/trunk.go")).toMatch(/AdditionalSecretOutputs\(\[\]string\{\s*"digest",/);
    expect(read("go/genesysbyoc/getOrganization.go")).toContain("func GetOrganization(");
    expect(read("dotnet/Trunk.cs")).toMatch(/AdditionalSecretOutputs =\s*\{\s*"digest",/);
    expect(read("dotnet/ByocTelephony.cs")).toContain('base("genesys-byoc:index:ByocTelephony"');
  });

  it("the Go SDK, and a Go program declaring ByocTelephony on it, compile", async () => {
    const sdk = path.join(out, "go");
    await run("go", ["mod", "tidy"], { cwd: sdk, env: GO_ENV });
    await run("go", ["build", ...GO_BUILD, "./..."], { cwd: sdk, env: GO_ENV });
    await run("go", ["vet", "./..."], { cwd: sdk, env: GO_ENV });

    const program = path.join(out, "program");
    fs.mkdirSync(program);
    fs.writeFileSync(
      path.join(program, "go.mod"),
      [
        "module example.com/byoc",
        "",
        "go 1.24",
        "",
        "require genesys-byoc-pulumi/sdk/go v0.0.0",
        "",
        "replace genesys-byoc-pulumi/sdk/go => ../go",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(program, "main.go"),
      `package main

import (
	"genesys-byoc-pulumi/sdk/go/genesysbyoc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		byoc, err := genesysbyoc.NewByocTelephony(ctx, "byoc", &genesysbyoc.ByocTelephonyArgs{
			NamePrefix: pulumi.String("go-"),
			Location: &genesysbyoc.LocationConfigArgs{
				Name: pulumi.String("HQ"), Number: pulumi.String("+13175550100"),
				Street1: pulumi.String("7601 Interactive Way"), City: pulumi.String("Indianapolis"),
				Country: pulumi.String("US"),
			},
			Site: &genesysbyoc.SiteConfigArgs{Name: pulumi.String("Cloud Site")},
			Carriers: genesysbyoc.CarrierMap{
				"primary": &genesysbyoc.CarrierArgs{
					ExternalTrunkName:               pulumi.String("Carrier A"),
					SipServers:                      pulumi.StringArray{pulumi.String("sip.a.example")},
					InboundSipTerminationIdentifier: pulumi.String("go-a"),
					UserName:                        pulumi.String("trunk-user"),
					Password:                        cfg.RequireSecret("sipPassword"),
				},
			},
		})
		if err != nil {
			return err
		}
		edge, err := genesysbyoc.GetEdgeSite(ctx, &genesysbyoc.GetEdgeSiteArgs{Name: "PureCloud Voice - AWS"})
		if err != nil {
			return err
		}
		ctx.Export("siteId", byoc.SiteId)
		ctx.Export("edgeSiteId", pulumi.String(edge.Id))
		return nil
	})
}
`,
    );
    await run("go", ["mod", "tidy"], { cwd: program, env: GO_ENV });
    await run("go", ["build", ...GO_BUILD, "-o", path.join(out, "byoc-program"), "."], {
      cwd: program,
      env: GO_ENV,
    });
    expect(fs.existsSync(path.join(out, "byoc-program"))).toBe(true);
  });

  it("the Python SDK compiles", async () => {
    await run("python3", ["-m", "compileall", "-q", path.join(out, "python/pulumi_genesys_byoc")]);
    expect(read("python/pyproject.toml")).toContain('name = "pulumi_genesys_byoc"');
  });
});
