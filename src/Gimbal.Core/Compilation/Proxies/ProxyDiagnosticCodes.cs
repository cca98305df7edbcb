namespace Gimbal.Core.Compilation.Proxies;

/// <summary>Stable diagnostic codes of HTTPProxy compilation; they become status condition reasons.</summary>
public static class ProxyDiagnosticCodes
{
    public const string DuplicateVhost = "DuplicateVhost";
    public const string RootProxyNotAllowedInNamespace = "RootProxyNotAllowedInNamespace";
    public const string IncludeCreatesCycle = "IncludeCreatesCycle";
    public const string IncludeNotFound = "IncludeNotFound";
    public const string RootIncludesRoot = "RootIncludesRoot";
    public const string IncludeLimit = "IncludeLimit";
    public const string SecretNotValid = "SecretNotValid";
    public const string DelegationNotPermitted = "DelegationNotPermitted";
    public const string Orphaned = "Orphaned";
    public const string InvalidCondition = "InvalidCondition";
    public const string InvalidService = "InvalidService";
    public const string InvalidPolicy = "InvalidPolicy";
    public const string NoServices = "NoServices";
    public const string NotSupported = "NotSupported";
    public const string MissingFqdn = "MissingFqdn";

    /// <summary>spec.tcpproxy (or its include) cannot be served: no TLS, both or neither of services and include, ….</summary>
    public const string InvalidTcpProxy = "InvalidTcpProxy";

    /// <summary>Two TLS settings that exclude each other, e.g. passthrough with a secretName (Contour's TLSIncompatibleFeatures).</summary>
    public const string TlsIncompatibleFeatures = "TLSIncompatibleFeatures";
}
