using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gimbal.Core.Compilation;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Json;

/// <summary>
/// Source-generated JSON metadata for the route model: camelCase, enums as strings, indented,
/// nulls omitted. Private keys are never written (<see cref="TlsCertificate.PrivateKeyPem"/> is ignored).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(CompileResult))]
[JsonSerializable(typeof(RouteTable))]
[JsonSerializable(typeof(EndpointTable))]
[JsonSerializable(typeof(Diagnostic))]
[JsonSerializable(typeof(Diagnostic[]))]
[JsonSerializable(typeof(VirtualHost))]
[JsonSerializable(typeof(VirtualHost[]))]
[JsonSerializable(typeof(Route))]
[JsonSerializable(typeof(Route[]))]
[JsonSerializable(typeof(HeaderMatch))]
[JsonSerializable(typeof(HeaderMatch[]))]
[JsonSerializable(typeof(WeightedCluster))]
[JsonSerializable(typeof(WeightedCluster[]))]
[JsonSerializable(typeof(RequestMirror))]
[JsonSerializable(typeof(RequestMirror[]))]
[JsonSerializable(typeof(TcpProxy))]
[JsonSerializable(typeof(HeaderValue))]
[JsonSerializable(typeof(HeaderValue[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(UpstreamCluster))]
[JsonSerializable(typeof(UpstreamCluster[]))]
[JsonSerializable(typeof(TlsCertificate))]
[JsonSerializable(typeof(TlsCertificate[]))]
[JsonSerializable(typeof(ClusterEndpoints))]
[JsonSerializable(typeof(LbEndpoint))]
[JsonSerializable(typeof(LbEndpoint[]))]
[JsonSerializable(typeof(RouteMatchResult))]
public sealed partial class RouteJsonContext : JsonSerializerContext;

/// <summary>Readable, deterministic JSON of compile results: what golden tests compare and the CLI prints.</summary>
public static class RouteJson
{
    /// <summary>
    /// The context's options, with "required" relaxed: the route model is written, never read back,
    /// and a required member that is never written (the private key) would otherwise be refused.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(RouteJsonContext.Default.Options)
    {
        TypeInfoResolver = RouteJsonContext.Default.WithAddedModifier(static info =>
        {
            foreach (var property in info.Properties)
            {
                property.IsRequired = false;
            }
        }),
    };

    /// <summary>Indented camelCase JSON of a whole compile result: routes, endpoints and diagnostics.</summary>
    /// <param name="result">The result.</param>
    public static string Serialize(CompileResult result) => JsonSerializer.Serialize(result, TypeInfo<CompileResult>());

    /// <summary>Indented camelCase JSON of a route table.</summary>
    /// <param name="table">The table.</param>
    public static string Serialize(RouteTable table) => JsonSerializer.Serialize(table, TypeInfo<RouteTable>());

    /// <summary>Indented camelCase JSON of an endpoint table.</summary>
    /// <param name="table">The table.</param>
    public static string Serialize(EndpointTable table) => JsonSerializer.Serialize(table, TypeInfo<EndpointTable>());

    /// <summary>Indented camelCase JSON of the answer to "which route serves this request?".</summary>
    /// <param name="result">The answer.</param>
    public static string Serialize(RouteMatchResult result) => JsonSerializer.Serialize(result, TypeInfo<RouteMatchResult>());

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
