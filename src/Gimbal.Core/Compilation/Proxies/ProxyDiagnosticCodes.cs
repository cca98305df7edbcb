namespace Gimbal.Core.Compilation.Proxies;

/// <summary>Stable diagnostic codes of HTTPProxy compilation; they become status condition reasons.</summary>
public static class ProxyDiagnosticCodes
{
    public const string DuplicateVhost = "DuplicateVhost";
    public const string RootProxyNotAllowedInNamespace = "RootProxyNotAllowedInNamespace";
    public const string IncludeCreatesCycle = "IncludeCreatesCycle";
    public const string IncludeNotFound = "IncludeNotFound";
    public const string RootIncludesRoot = "RootIncludesRoot";
    public const string SecretNotValid = "SecretNotValid";
    public const string DelegationNotPermitted = "DelegationNotPermitted";
    public const string Orphaned = "Orphaned";
    public const string InvalidCondition = "InvalidCondition";
    public const string InvalidService = "InvalidService";
    public const string InvalidPolicy = "InvalidPolicy";
    public const string NoServices = "NoServices";
    public const string NotSupported = "NotSupported";
    public const string MissingFqdn = "MissingFqdn";
}
