using System.Net;

namespace Gimbal.Gateway;

/// <summary>Everything the command line decides.</summary>
public sealed record GatewayOptions
{
    /// <summary>A folder of manifests; null with <see cref="Demo"/> means the bundled quickstart.</summary>
    public string? Manifests { get; init; }

    public bool Demo { get; init; }

    public IPEndPoint Http { get; init; } = new(IPAddress.Loopback, 8080);

    public IPEndPoint Https { get; init; } = new(IPAddress.Loopback, 8443);

    public IPEndPoint Admin { get; init; } = new(IPAddress.Loopback, 9090);

    public string IngressClass { get; init; } = "gimbal";

    public bool RejectUnknownSni { get; init; }

    /// <summary>The port https:// redirects point at; defaults to the HTTPS listener's.</summary>
    public int? HttpsRedirectPort { get; init; }

    /// <summary>Demo upstream ports (the quickstart's Endpoints point at them).</summary>
    public IReadOnlyList<(string Name, int Port)> DemoUpstreams { get; init; } = [("us-east", 9001), ("us-west", 9002)];
}
