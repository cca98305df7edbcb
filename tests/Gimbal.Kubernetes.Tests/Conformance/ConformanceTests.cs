using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gimbal.Core.Kubernetes;
using Gimbal.Testing;

namespace Gimbal.Kubernetes.Tests.Conformance;

/// <summary>
/// Replays exchanges recorded from a real kube-apiserver against the test API server, in order, and compares
/// status codes, Status bodies (exactly, after mapping the recorded uids, resourceVersions, generated names
/// and continue tokens to the ones the test server handed out), and the names listed by list answers.
/// </summary>
public sealed partial class ConformanceTests
{
    // Known and accepted differences: the status code is still compared, the body is not.
    private static readonly string[] BodyNotCompared =
    [
        "data value is not valid base64",   // Go's decoder error text (byte offsets, context excerpts)
        "the same object read through",     // v1beta1 conversion is not served
    ];

    // Exchanges a single API server without controllers cannot reproduce outside the recording session.
    private static readonly string[] Skipped =
    [
        "recorded later",                   // depends on objects from other files
        "across all namespaces",            // lists objects created by other files
        "v1beta1",                          // deprecated group versions are not served
    ];

    [Theory]
    [InlineData("02-create-get-errors.http")]
    [InlineData("03-update-patch-delete.http")]
    [InlineData("04-list-paging-selectors.http")]
    [InlineData("05-endpoints.http")]
    [InlineData("06-ingress-status.http")]
    [InlineData("10-tls-secret.http")]
    public async Task The_test_server_answers_as_the_recorded_kube_apiserver(string file)
    {
        await using var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { Namespaces = ["default"] });
        server.Create(new Service
        {
            Metadata = new ObjectMeta { Name = "kubernetes", Namespace = "default", Labels = new Dictionary<string, string> { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
            Spec = new ServiceSpec { Ports = [new ServicePort { Name = "https", Port = 443, TargetPort = 6443 }] },
        });
        var exchanges = RecordedExchange.Load(file);
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            // Namespaces the file does not create itself were made by earlier files of the session.
            if (!exchanges.Any(e => e.Method == "POST" && e.PathAndQuery == "/api/v1/namespaces" && e.RequestBody.Contains($"\"{ns}\"", StringComparison.Ordinal)))
            {
                server.CreateNamespace(ns);
            }
        }

        using var http = new HttpClient { BaseAddress = server.Url };
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var compared = 0;
        foreach (var exchange in exchanges)
        {
            if (Skipped.Any(s => exchange.Title.Contains(s, StringComparison.Ordinal)) || exchange.PathAndQuery.Contains("v1beta1", StringComparison.Ordinal))
            {
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(exchange.Method), Map(exchange.PathAndQuery, mapping, inPath: true).TrimStart('/'));
            if (exchange.RequestBody.Length > 0)
            {
                request.Content = new StringContent(Map(WithoutElisions(exchange.RequestBody), mapping, inPath: false), Encoding.UTF8);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(exchange.RequestHeaders.GetValueOrDefault("Content-Type", "application/json"));
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            compared++;
            var label = $"{file}: {exchange.Title}";
            if ((int)response.StatusCode != exchange.StatusCode)
            {
                failures.Add($"{label}\n  status {(int)response.StatusCode}, recorded {exchange.StatusCode}\n  {body.Trim()}");
                continue;
            }

            if (response.Headers.CacheControl?.ToString() != "no-cache, private" || response.Content.Headers.ContentType?.ToString() != "application/json")
            {
                failures.Add($"{label}\n  headers differ: Cache-Control {response.Headers.CacheControl}, Content-Type {response.Content.Headers.ContentType}");
            }

            var recorded = JsonNode.Parse(WithoutElisions(exchange.ResponseBody));
            var actual = JsonNode.Parse(body);
            Learn(recorded, actual, mapping);
            if (exchange.StatusCode >= 300 || (string?)recorded?["kind"] == "Status")
            {
                if (BodyNotCompared.Any(s => exchange.Title.Contains(s, StringComparison.Ordinal)))
                {
                    continue;
                }

                var expected = JsonNode.Parse(MapNumbers(JsonNode.Parse(exchange.ResponseBody)!.ToJsonString(), mapping))!.ToJsonString();
                if ((string?)recorded?["status"] == "Success")
                {
                    // The uid of a delete is the test server's own.
                    expected = expected.Replace((string?)recorded?["details"]?["uid"] ?? "\u0000", (string?)actual?["details"]?["uid"] ?? string.Empty, StringComparison.Ordinal);
                }

                if (expected != actual!.ToJsonString())
                {
                    failures.Add($"{label}\n  expected {expected}\n  actual   {actual.ToJsonString()}");
                }
            }
            else if (recorded?["items"] is JsonArray recordedItems)
            {
                var expectedNames = recordedItems.Select(n => (string?)n?["metadata"]?["name"]).ToList();
                var actualNames = ((JsonArray)actual!["items"]!).Select(n => (string?)n?["metadata"]?["name"]).ToList();
                var unordered = exchange.PathAndQuery.Contains("resourceVersion=0", StringComparison.Ordinal);
                if (unordered ? !expectedNames.Order().SequenceEqual(actualNames.Order()) : !expectedNames.SequenceEqual(actualNames))
                {
                    failures.Add($"{label}\n  items {string.Join(',', actualNames)}, recorded {string.Join(',', expectedNames)}");
                }

                if ((recorded["metadata"]?["remainingItemCount"] is null) != (actual["metadata"]?["remainingItemCount"] is null)
                    || (recorded["metadata"]?["continue"] is null) != (actual["metadata"]?["continue"] is null)
                    || recordedItems.Any(i => i?["kind"] is not null) != ((JsonArray)actual["items"]!).Any(i => i?["kind"] is not null))
                {
                    failures.Add($"{label}\n  list metadata differs: {actual["metadata"]?.ToJsonString()} vs recorded {recorded["metadata"]?.ToJsonString()}");
                }
            }
            else if (recorded is JsonObject recordedObject)
            {
                foreach (var field in new[] { "kind", "apiVersion", "status", "data", "type", "subsets", "endpoints" })
                {
                    if (!JsonNode.DeepEquals(recordedObject[field], actual?[field]))
                    {
                        failures.Add($"{label}\n  {field}: {actual?[field]?.ToJsonString()} vs recorded {recordedObject[field]?.ToJsonString()}");
                    }
                }

                if ((long?)recordedObject["metadata"]?["generation"] != (long?)actual?["metadata"]?["generation"]
                    || !JsonNode.DeepEquals(recordedObject["metadata"]?["labels"], actual?["metadata"]?["labels"])
                    || !JsonNode.DeepEquals(WithoutIps(recordedObject["spec"]), WithoutIps(actual?["spec"])))
                {
                    failures.Add($"{label}\n  metadata/spec differ:\n  actual   {actual?.ToJsonString()}\n  recorded {recordedObject.ToJsonString()}");
                }
            }
        }

        Assert.True(compared > 5, $"only {compared} exchanges replayed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} exchanges differ:\n\n{string.Join("\n\n", failures)}");
    }

    // The recording shortened certificate data to 36 base64 characters plus a note; the 36 characters decode.
    private static string WithoutElisions(string text) => Elision().Replace(text, string.Empty);

    [GeneratedRegex(@"\.\.\.<[^>]*elided>")]
    private static partial Regex Elision();

    private static JsonNode? WithoutIps(JsonNode? spec)
    {
        if (spec is not JsonObject obj)
        {
            return spec;
        }

        var copy = obj.DeepClone().AsObject();
        copy.Remove("clusterIP");
        copy.Remove("clusterIPs");
        return copy;
    }

    /// <summary>Pairs the recorded values of server-assigned fields with the ones the test server assigned.</summary>
    private static void Learn(JsonNode? recorded, JsonNode? actual, Dictionary<string, string> mapping)
    {
        switch (recorded)
        {
            case JsonObject r when actual is JsonObject a:
                foreach (var (key, value) in r)
                {
                    if (key is "resourceVersion" or "uid" or "continue" or "clusterIP" && value is JsonValue && (string?)value is { } from && (string?)a[key] is { } to && from != to)
                    {
                        mapping[from] = to;
                    }
                    else if (key == "name" && r["generateName"] is not null && (string?)value is { } generated && (string?)a[key] is { } actualName)
                    {
                        mapping[generated] = actualName;
                    }
                    else
                    {
                        Learn(value, a[key], mapping);
                    }
                }

                break;
            case JsonArray r when actual is JsonArray a && r.Count == a.Count:
                for (var i = 0; i < r.Count; i++)
                {
                    Learn(r[i], a[i], mapping);
                }

                break;
        }
    }

    private static string Map(string text, Dictionary<string, string> mapping, bool inPath)
    {
        foreach (var (from, to) in mapping.OrderByDescending(p => p.Key.Length))
        {
            text = inPath
                ? Regex.Replace(text, $"(?<=[=/]){Regex.Escape(from)}(?=$|[&/?])", to)
                : text.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal);
        }

        return text;
    }

    private static string MapNumbers(string text, Dictionary<string, string> mapping)
    {
        foreach (var (from, to) in mapping.OrderByDescending(p => p.Key.Length))
        {
            text = from.All(char.IsAsciiDigit)
                ? Regex.Replace(text, $"(?<![0-9A-Za-z.-]){from}(?![0-9A-Za-z.-])", to)
                : text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
