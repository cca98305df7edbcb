namespace Gimbal.Core.Compilation;

/// <summary>What a <see cref="RouteCompiler"/> answers to and which limits it enforces.</summary>
public sealed record CompilerOptions
{
    /// <summary>The defaults: class "gimbal", controller "projectcontour.io/gimbal", no host policy, roots anywhere.</summary>
    public static CompilerOptions Default { get; } = new();

    /// <summary>The ingress class Gimbal serves (spec.ingressClassName or the kubernetes.io/ingress.class annotation).</summary>
    public string IngressClassName { get; init; } = "gimbal";

    /// <summary>IngressClass objects whose spec.controller equals this also name classes Gimbal serves.</summary>
    public string ControllerName { get; init; } = "projectcontour.io/gimbal";

    /// <summary>
    /// Optional host policy: namespace → host patterns it may claim ("team-a.example.com",
    /// "*.team-a.example.com" for any name below it, "*" for the catch-all host). When set, a
    /// namespace that is not listed may claim no host at all. Null means no restriction.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? AllowedHosts { get; init; }

    /// <summary>
    /// Namespaces where root HTTPProxies (those with spec.virtualhost) may live (Contour's
    /// --root-namespaces). Null or empty means any namespace.
    /// </summary>
    public IReadOnlyList<string>? RootNamespaces { get; init; }

    /// <summary>Longer paths are rejected with a diagnostic; keeps hostile input from bloating every data plane.</summary>
    public int MaxPathLength { get; init; } = 2048;

    /// <summary>Longer regular expressions are rejected: RE2-compatible validation of huge patterns is costly.</summary>
    public int MaxRegexLength { get; init; } = 1024;

    /// <summary>
    /// "namespace/name" of a kubernetes.io/tls Secret presented to TLS clients that send no SNI name
    /// (Contour's fallback certificate). Root HTTPProxies opt in with
    /// spec.virtualhost.tls.enableFallbackCertificate, and the Secret must be delegated to their
    /// namespace by a TLSCertificateDelegation. Null: no fallback certificate is configured.
    /// </summary>
    public string? FallbackCertificate { get; init; }
}
