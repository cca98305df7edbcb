using Gimbal.Core.Collections;

namespace Gimbal.Core.Routing;

/// <summary>
/// The single contract between compilation and every data plane: virtual hosts with their routes,
/// the upstream clusters those routes use, and the TLS certificates hosts present. Immutable and
/// deterministic: the same objects always compile to an equal table with the same ordering.
/// Endpoints are not here; they travel in <see cref="EndpointTable"/>.
/// </summary>
public sealed record RouteTable
{
    /// <summary>A table with no hosts, clusters or certificates.</summary>
    public static RouteTable Empty { get; } = new();

    /// <summary>Sorted by <see cref="VirtualHost.Name"/> (ordinal).</summary>
    public EquatableArray<VirtualHost> VirtualHosts { get; init; } = EquatableArray<VirtualHost>.Empty;

    /// <summary>Sorted by <see cref="UpstreamCluster.Name"/> (ordinal).</summary>
    public EquatableArray<UpstreamCluster> Clusters { get; init; } = EquatableArray<UpstreamCluster>.Empty;

    /// <summary>Sorted by <see cref="TlsCertificate.Name"/> (ordinal).</summary>
    public EquatableArray<TlsCertificate> Certificates { get; init; } = EquatableArray<TlsCertificate>.Empty;

    /// <summary>
    /// The <see cref="TlsCertificate.Name"/> (in <see cref="Certificates"/>) presented to TLS clients that
    /// send no SNI name (Contour's fallback certificate); such clients reach only the virtual hosts whose
    /// <see cref="TlsBinding.EnableFallbackCertificate"/> is set. Null when no host enables it.
    /// </summary>
    public string? FallbackCertificateName { get; init; }
}

/// <summary>A host name and the routes served for it.</summary>
public sealed record VirtualHost
{
    /// <summary>"example.com", "*.example.com" (exactly one extra label), or "*" for any host.</summary>
    public required string Name { get; init; }

    /// <summary>The certificate for the HTTPS listener; null when the host is served on plain HTTP only.</summary>
    public TlsBinding? Tls { get; init; }

    /// <summary>In match order: the first route whose match holds serves the request.</summary>
    public EquatableArray<Route> Routes { get; init; } = EquatableArray<Route>.Empty;

    /// <summary>
    /// When set, TLS connections for this host name (chosen by SNI on the HTTPS listener) are proxied as
    /// TCP instead of being served by <see cref="Routes"/>: passed through still encrypted, or
    /// decrypted with <see cref="Tls"/> first. <see cref="Routes"/> then only serve plain HTTP.
    /// </summary>
    public TcpProxy? TcpProxy { get; init; }
}

/// <summary>How a virtual host terminates TLS.</summary>
public sealed record TlsBinding
{
    /// <summary>The <see cref="TlsCertificate.Name"/> presented for this host's SNI name.</summary>
    public required string CertificateName { get; init; }

    /// <summary>"1.2" or "1.3".</summary>
    public string MinimumProtocolVersion { get; init; } = "1.2";

    /// <summary>
    /// Clients that send no SNI name are also served this host's routes, behind
    /// <see cref="RouteTable.FallbackCertificateName"/> (Contour's enableFallbackCertificate).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool EnableFallbackCertificate { get; init; }
}

/// <summary>A certificate chain and key taken from a kubernetes.io/tls Secret.</summary>
public sealed record TlsCertificate
{
    /// <summary>"namespace/secret".</summary>
    public required string Name { get; init; }

    /// <summary>The PEM certificate chain, leaf first.</summary>
    public required string CertificatePem { get; init; }

    /// <summary>Never serialized, logged or printed: data planes read it directly. (Not `required`: System.Text.Json rejects required members it ignores.)</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PrivateKeyPem { get; init; } = string.Empty;

    /// <summary>The name only: the key must never reach a log.</summary>
    public override string ToString() => $"TlsCertificate {{ Name = {Name} }}";
}
