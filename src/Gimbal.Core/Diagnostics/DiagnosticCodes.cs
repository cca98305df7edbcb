namespace Gimbal.Core.Diagnostics;

/// <summary>The stable codes of compiler diagnostics; hosts and tests match on these, never on messages.</summary>
public static class DiagnosticCodes
{
    public const string InvalidHost = "InvalidHost";
    public const string HostConflict = "HostConflict";
    public const string HostNotAllowed = "HostNotAllowed";
    public const string InvalidPath = "InvalidPath";
    public const string PathTooLong = "PathTooLong";
    public const string InvalidPathType = "InvalidPathType";
    public const string InvalidRegex = "InvalidRegex";
    public const string DuplicateRoute = "DuplicateRoute";
    public const string MissingBackend = "MissingBackend";
    public const string ResourceBackendUnsupported = "ResourceBackendUnsupported";
    public const string ServiceNotFound = "ServiceNotFound";
    public const string ServicePortNotFound = "ServicePortNotFound";
    public const string NoRules = "NoRules";
    public const string TlsSecretNotFound = "TlsSecretNotFound";
    public const string TlsSecretInvalid = "TlsSecretInvalid";
    public const string TlsSecretMissingName = "TlsSecretMissingName";
    public const string TlsNoHosts = "TlsNoHosts";
    public const string TlsHostNotRouted = "TlsHostNotRouted";
    public const string TlsConflict = "TlsConflict";
    public const string InvalidAnnotation = "InvalidAnnotation";
    public const string UnknownAnnotation = "UnknownAnnotation";
    public const string WebsocketRouteNotFound = "WebsocketRouteNotFound";
}
