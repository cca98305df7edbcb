namespace Gimbal.Core.Compilation.Proxies;

/// <summary>Stable diagnostic codes of HTTPProxy compilation; they become status condition reasons.</summary>
public static class ProxyDiagnosticCodes
{
    /// <summary>Two or more root HTTPProxies claim one fqdn; none of them is served.</summary>
    public const string DuplicateVhost = "DuplicateVhost";
    /// <summary>A root HTTPProxy lives outside <see cref="CompilerOptions.RootNamespaces"/>; it is not served.</summary>
    public const string RootProxyNotAllowedInNamespace = "RootProxyNotAllowedInNamespace";
    /// <summary>An include leads back to a proxy already on the chain; the include is ignored.</summary>
    public const string IncludeCreatesCycle = "IncludeCreatesCycle";
    /// <summary>An included HTTPProxy does not exist; nothing is served under the include's conditions.</summary>
    public const string IncludeNotFound = "IncludeNotFound";
    /// <summary>An include names a root HTTPProxy; only proxies without a virtualhost can be included.</summary>
    public const string RootIncludesRoot = "RootIncludesRoot";
    /// <summary>The delegation graph below an include unfolds to too many proxies; the include is ignored.</summary>
    public const string IncludeLimit = "IncludeLimit";
    /// <summary>The root's TLS Secret is missing or unusable; the proxy is not served (never downgraded to plain HTTP).</summary>
    public const string SecretNotValid = "SecretNotValid";
    /// <summary>The TLS Secret is in another namespace and no TLSCertificateDelegation there permits it; the proxy is not served.</summary>
    public const string DelegationNotPermitted = "DelegationNotPermitted";
    /// <summary>No served root includes this HTTPProxy; its routes are not served (status "orphaned").</summary>
    public const string Orphaned = "Orphaned";
    /// <summary>A match condition is malformed (e.g. two path conditions, a bad path, regex or header name); the route or include is not served.</summary>
    public const string InvalidCondition = "InvalidCondition";
    /// <summary>A route's service is unusable (e.g. a negative weight, a bad port or protocol); that service gets no traffic.</summary>
    public const string InvalidService = "InvalidService";
    /// <summary>A policy value is out of range or malformed; Gimbal uses its default and says which.</summary>
    public const string InvalidPolicy = "InvalidPolicy";
    /// <summary>A route has neither services nor a requestRedirectPolicy; it is not served.</summary>
    public const string NoServices = "NoServices";
    /// <summary>A field Gimbal does not implement (tcpproxy, passthrough, mirror, ...) is set; it is reported, never silently dropped.</summary>
    public const string NotSupported = "NotSupported";
    /// <summary>A root HTTPProxy has a virtualhost without an fqdn; it is not served.</summary>
    public const string MissingFqdn = "MissingFqdn";

    /// <summary>spec.tcpproxy (or its include) cannot be served: no TLS, both or neither of services and include, ….</summary>
    public const string InvalidTcpProxy = "InvalidTcpProxy";

    /// <summary>Two TLS settings that exclude each other, e.g. passthrough with a secretName (Contour's TLSIncompatibleFeatures).</summary>
    public const string TlsIncompatibleFeatures = "TLSIncompatibleFeatures";
}
