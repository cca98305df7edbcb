using System.Globalization;
using System.Text;
using System.Text.Json;
using Gimbal.Core.Compilation;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Json;
using Gimbal.Core.Routing;

namespace Gimbal.Cli.Output;

/// <summary>The answer of `gimbal explain`: status, host, route, backends, and the diagnostics of the route's object.</summary>
internal sealed record Explanation(
    RouteMatchResult Match,
    IReadOnlyList<ExplainedBackend> Backends,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public static Explanation Create(CompileResult result, RouteRequest request)
    {
        var match = new RequestMatcher(result.Routes, result.Endpoints).Match(request);
        var clusters = result.Routes.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var backends = match.Clusters
            .Select(wc => clusters.TryGetValue(wc.ClusterName, out var c)
                ? new ExplainedBackend(c.Service.Namespace, c.Service.Name, c.Service.Port, wc.Weight, c.Name, ReadyEndpoints(result, c.Name))
                : new ExplainedBackend(null, null, null, wc.Weight, wc.ClusterName, 0))
            .ToList();
        var diagnostics = match.Route is { } route
            ? result.Diagnostics.Where(d => d.Object == route.Source).ToList()
            : [];
        return new Explanation(match, backends, diagnostics);
    }

    private static int ReadyEndpoints(CompileResult result, string cluster) =>
        result.Endpoints.Find(cluster)?.Endpoints.Count(e => e.Ready) ?? 0;

    public static string ToJson(Explanation e)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", e.Match.StatusCode);
            writer.WriteString("host", e.Match.VirtualHost);
            writer.WriteString("reason", e.Match.Reason);
            if (e.Match.Location is { } location)
            {
                writer.WriteString("location", location);
            }

            writer.WritePropertyName("route");
            if (e.Match.Route is { } route)
            {
                JsonSerializer.Serialize(writer, route, RouteJson.Options.GetTypeInfo(typeof(Route)));
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartArray("backends");
            foreach (var b in e.Backends)
            {
                writer.WriteStartObject();
                writer.WriteString("namespace", b.Namespace);
                writer.WriteString("service", b.Service);
                if (b.Port is { } port)
                {
                    writer.WriteNumber("port", port);
                }
                else
                {
                    writer.WriteNull("port");
                }

                writer.WriteNumber("weight", b.Weight);
                writer.WriteString("cluster", b.Cluster);
                writer.WriteNumber("readyEndpoints", b.ReadyEndpoints);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("diagnostics");
            JsonSerializer.Serialize(writer, e.Diagnostics.ToArray(), RouteJson.Options.GetTypeInfo(typeof(Diagnostic[])));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ToText(Explanation e)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"status  {e.Match.StatusCode}  ({e.Match.Reason})\n");
        text.Append(CultureInfo.InvariantCulture, $"host    {e.Match.VirtualHost ?? "(none)"}\n");
        if (e.Match.Route is { } route)
        {
            text.Append(CultureInfo.InvariantCulture, $"route   #{e.Match.RouteIndex} {TextReport.DescribeMatch(route.Match)} from {route.Source}\n");
        }

        if (e.Match.Location is { } location)
        {
            text.Append(CultureInfo.InvariantCulture, $"location {location}\n");
        }

        foreach (var b in e.Backends)
        {
            text.Append(CultureInfo.InvariantCulture, $"backend {b.Cluster} weight {b.Weight}, {b.ReadyEndpoints} ready endpoint(s)\n");
        }

        foreach (var d in e.Diagnostics)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d}\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}

/// <summary>One backend a request would go to.</summary>
internal sealed record ExplainedBackend(string? Namespace, string? Service, int? Port, int Weight, string Cluster, int ReadyEndpoints);
