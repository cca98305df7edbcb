using Gimbal.Core.Collections;

namespace Gimbal.Core.Routing;

/// <summary>The parts of an HTTP request that route selection looks at.</summary>
public sealed record RouteRequest
{
    /// <summary>"http" or "https".</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>The Host header (or :authority), with an optional port.</summary>
    public required string Host { get; init; }

    /// <summary>The request target's path; a query string is ignored.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Request headers; names compare case-insensitively.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>Which virtual host and route would serve a request, and what the proxy answers.</summary>
public sealed record RouteMatchResult
{
    /// <summary>200 when the request is forwarded, else what the proxy answers itself (301, 404, 503, …).</summary>
    public required int StatusCode { get; init; }

    /// <summary>The name of the virtual host that matched; null when none did (404).</summary>
    public string? VirtualHost { get; init; }

    /// <summary>Index of the matched route within the virtual host's routes.</summary>
    public int? RouteIndex { get; init; }

    /// <summary>The route that matched; null when none did.</summary>
    public Route? Route { get; init; }

    /// <summary>The weighted clusters a forwarded request goes to.</summary>
    public EquatableArray<WeightedCluster> Clusters { get; init; } = EquatableArray<WeightedCluster>.Empty;

    /// <summary>Location of a redirect.</summary>
    public string? Location { get; init; }

    /// <summary>Why, in a sentence.</summary>
    public required string Reason { get; init; }
}
