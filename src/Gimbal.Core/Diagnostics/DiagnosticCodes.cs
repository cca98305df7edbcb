namespace Gimbal.Core.Diagnostics;

/// <summary>The stable codes of compiler diagnostics; hosts and tests match on these, never on messages.</summary>
public static class DiagnosticCodes
{
    /// <summary>A host or fqdn is not a valid DNS name or wildcard; the rule or proxy is not served.</summary>
    public const string InvalidHost = "InvalidHost";
    /// <summary>The host is owned by another namespace or object kind (the oldest claim wins); this object adds nothing to it.</summary>
    public const string HostConflict = "HostConflict";
    /// <summary>The host is outside the domains <see cref="Compilation.CompilerOptions.AllowedHosts"/> gives the namespace; not served.</summary>
    public const string HostNotAllowed = "HostNotAllowed";
    /// <summary>A path does not start with '/'; the path is ignored.</summary>
    public const string InvalidPath = "InvalidPath";
    /// <summary>A path is longer than <see cref="Compilation.CompilerOptions.MaxPathLength"/>; the path is ignored.</summary>
    public const string PathTooLong = "PathTooLong";
    /// <summary>pathType is not Exact, Prefix or ImplementationSpecific; the path is ignored.</summary>
    public const string InvalidPathType = "InvalidPathType";
    /// <summary>A regex path is not valid RE2 syntax, too long or too costly; the path is ignored.</summary>
    public const string InvalidRegex = "InvalidRegex";
    /// <summary>The same host, path and conditions are already routed by an older object; this route is ignored.</summary>
    public const string DuplicateRoute = "DuplicateRoute";
    /// <summary>A path names no backend Service; the route answers 503.</summary>
    public const string MissingBackend = "MissingBackend";
    /// <summary>A backend is a resource rather than a Service; the route answers 503.</summary>
    public const string ResourceBackendUnsupported = "ResourceBackendUnsupported";
    /// <summary>The backend Service does not exist in the namespace; the route answers 503 until it does.</summary>
    public const string ServiceNotFound = "ServiceNotFound";
    /// <summary>The backend Service has no port of that number or name; the route answers 503.</summary>
    public const string ServicePortNotFound = "ServicePortNotFound";
    /// <summary>The object routes nothing (no rules and no default backend, or no routes and no includes).</summary>
    public const string NoRules = "NoRules";
    /// <summary>spec.tls names a Secret that does not exist; its hosts are served without TLS.</summary>
    public const string TlsSecretNotFound = "TlsSecretNotFound";
    /// <summary>The TLS Secret is not a usable certificate and key; its hosts are served without TLS.</summary>
    public const string TlsSecretInvalid = "TlsSecretInvalid";
    /// <summary>A spec.tls entry names no Secret; its hosts are served without TLS.</summary>
    public const string TlsSecretMissingName = "TlsSecretMissingName";
    /// <summary>A spec.tls entry lists no hosts; it is ignored (certificates are chosen by SNI host name).</summary>
    public const string TlsNoHosts = "TlsNoHosts";
    /// <summary>A TLS host has no rule in the Ingress; it is ignored.</summary>
    public const string TlsHostNotRouted = "TlsHostNotRouted";
    /// <summary>Another Ingress already gives the host a different certificate; this Secret is not used for it.</summary>
    public const string TlsConflict = "TlsConflict";
    /// <summary>An annotation's value is malformed or out of range; the default is used and named in the message.</summary>
    public const string InvalidAnnotation = "InvalidAnnotation";
    /// <summary>An annotation with Gimbal's prefix that Gimbal does not read on this kind (a typo, or the wrong object).</summary>
    public const string UnknownAnnotation = "UnknownAnnotation";
    /// <summary>websocket-routes lists a path the Ingress does not have.</summary>
    public const string WebsocketRouteNotFound = "WebsocketRouteNotFound";
}
