using System.Text.Json;
using Gimbal.Core.Compilation;
using Gimbal.Core.Routing;
using Gimbal.Kubernetes.Manifests;
using Gimbal.Yarp.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gimbal.Yarp.Tests.Routing;

/// <summary>
/// Core's testdata/requests.json through the real YARP gateway: each input folder is compiled as
/// Core's matcher test compiles it, every cluster with ready endpoints gets a real upstream that
/// answers with its name, and every case's request goes over a socket. The status, the answering
/// cluster and the redirect location must be what the table (and so Core's matcher) says.
/// </summary>
public sealed class SharedRequestCasesTests
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "testdata");

    /// <summary>
    /// Cases where the YARP data plane answers otherwise than Core's matcher, with what it does.
    /// Each must still differ: once Gimbal.Yarp is fixed the test fails until the entry goes.
    /// </summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var input in Load().Where(Runs).Select(c => c.Input).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            data.Add(input);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task GatewayAnswersAsTheTableSays(string input)
    {
        var cases = Load().Where(c => c.Input == input && Runs(c)).ToList();

        var compiled = Compile(input);
        var upstreams = new Dictionary<string, Upstream>(StringComparer.Ordinal);
        try
        {
            var endpoints = new List<ClusterEndpoints>();
            foreach (var cluster in compiled.Routes.Clusters)
            {
                var ready = compiled.Endpoints.Find(cluster.Name)?.Endpoints.Any(e => e.Ready) ?? false;
                if (!ready)
                {
                    // Kept without endpoints so that its requests stay 503 as in the matcher.
                    endpoints.Add(new ClusterEndpoints { ClusterName = cluster.Name });
                    continue;
                }

                var upstream = await Upstream.StartAsync(cluster.Name, cluster.Protocol == UpstreamProtocol.H2c ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2);
                upstreams[cluster.Name] = upstream;
                endpoints.Add(Tables.Endpoints(cluster.Name, upstream));
            }

            await using var gateway = await TestGateway.StartAsync();
            using var client = gateway.CreateClient();
            gateway.Apply(compiled.Routes, EndpointTable.Create(endpoints));

            // Before the table is served every request is 404; one table is applied, so once any
            // case that expects something else sees something else, the whole table is in place.
            var probe = cases.FirstOrDefault(c => c.Status != 404);
            if (probe is not null)
            {
                await Eventually.HoldsAsync(async () => (int)(await SendAsync(client, probe)).StatusCode != 404, $"{input} is served");
            }

            var failures = new List<string>();
            foreach (var item in cases)
            {
                var problem = await CheckAsync(client, item);
                var known = KnownDifferences.ContainsKey(item.Name);
                if (problem is not null && !known)
                {
                    failures.Add($"{item.Name}: {problem}");
                }
                else if (problem is null && known)
                {
                    failures.Add($"{item.Name}: now answers as the table says; drop it from {nameof(KnownDifferences)}");
                }
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }
        finally
        {
            foreach (var upstream in upstreams.Values)
            {
                await upstream.DisposeAsync();
            }
        }
    }

    // Only the plain HTTP cases: the https ones are TLS passthrough / terminated TCP proxying and
    // fallback-certificate SNI, which need a client trusting the inputs' certificates and raw TLS/TCP
    // upstreams that the infrastructure here (HTTP upstreams answering their name) lacks. Core's
    // matcher test still checks them.
    private static bool Runs(RequestCase item) => item.Scheme == "http";

    private static async Task<string?> CheckAsync(HttpClient client, RequestCase item)
    {
        using var response = await SendAsync(client, item);
        var status = (int)response.StatusCode;
        var answeredBy = response.Headers.TryGetValues("x-upstream", out var names) ? names.Single() : null;
        var location = response.Headers.Location?.OriginalString;
        if (status != item.Status)
        {
            return $"status {status} (upstream {answeredBy ?? "none"}, location {location ?? "none"}), expected {item.Status}";
        }

        if (item.Clusters is { } clusters && status == 200 && (answeredBy is null || !clusters.Contains(answeredBy, StringComparer.Ordinal)))
        {
            return $"answered by {answeredBy ?? "no upstream"}, expected one of [{string.Join(", ", clusters)}]";
        }

        if (item.Location is { } expected && location != expected)
        {
            return $"location {location ?? "none"}, expected {expected}";
        }

        return null;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, RequestCase item)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, item.Path);
        request.Headers.Host = item.Host;
        foreach (var (name, value) in item.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    private static CompileResult Compile(string input)
    {
        var dir = Path.Combine(TestData, input);
        var options = File.Exists(Path.Combine(dir, "options.json"))
            ? JsonSerializer.Deserialize<CompilerOptions>(File.ReadAllText(Path.Combine(dir, "options.json")), JsonSerializerOptions.Web) ?? CompilerOptions.Default
            : CompilerOptions.Default;
        var read = ManifestReader.Read(File.ReadAllText(Path.Combine(dir, "input.yaml")), input);
        return new RouteCompiler(options).Compile(read.ToSnapshot());
    }

    private static List<RequestCase> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData, "requests.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(RequestCase.From).ToList();
    }

    private sealed record RequestCase(string Name, string Input, string Scheme, string Host, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, int Status, IReadOnlyList<string>? Clusters, string? Location)
    {
        public static RequestCase From(JsonElement item) => new(
            item.GetProperty("name").GetString()!,
            item.GetProperty("input").GetString()!,
            item.TryGetProperty("scheme", out var scheme) ? scheme.GetString()! : "http",
            item.GetProperty("host").GetString()!,
            item.GetProperty("path").GetString()!,
            item.TryGetProperty("headers", out var headers) ? headers.EnumerateObject().Select(h => KeyValuePair.Create(h.Name, h.Value.GetString()!)).ToList() : [],
            item.GetProperty("status").GetInt32(),
            item.TryGetProperty("clusters", out var clusters) ? clusters.EnumerateArray().Select(c => c.GetString()!).ToList() : null,
            item.TryGetProperty("location", out var location) ? location.GetString() : null);
    }
}
