namespace Gimbal.Core.Diagnostics;

/// <summary>kind/namespace/name of the object a route or diagnostic came from.</summary>
/// <param name="Kind">The object's kind, e.g. "Ingress" or "HTTPProxy".</param>
/// <param name="Namespace">Its namespace; null for cluster-scoped objects.</param>
/// <param name="Name">Its name.</param>
public sealed record ObjectRef(string Kind, string? Namespace, string Name)
{
    /// <summary>"Kind namespace/name", or "Kind name" without a namespace.</summary>
    public override string ToString() => Namespace is { Length: > 0 } ? $"{Kind} {Namespace}/{Name}" : $"{Kind} {Name}";
}

/// <summary>How bad a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; nothing was dropped.</summary>
    Info,

    /// <summary>Part of the object was ignored or degraded (e.g. a route answering 503).</summary>
    Warning,

    /// <summary>The object, or a part a user relies on, was rejected.</summary>
    Error,
}

/// <summary>
/// Why the compiler rejected or only partly accepted an object: names the object, the field path
/// (e.g. "spec.rules[0].http.paths[1].backend.service.port"), a stable code (e.g. "HostConflict",
/// "ServiceNotFound") and a message a team member understands.
/// </summary>
/// <param name="Object">The object at fault.</param>
/// <param name="Field">The field path within it, e.g. "spec.rules[0].host".</param>
/// <param name="Severity">How much of the object was dropped.</param>
/// <param name="Code">A stable code from <see cref="DiagnosticCodes"/> or <see cref="Compilation.Proxies.ProxyDiagnosticCodes"/>.</param>
/// <param name="Message">What is wrong and what Gimbal did about it.</param>
public sealed record Diagnostic(ObjectRef Object, string Field, DiagnosticSeverity Severity, string Code, string Message)
{
    /// <summary>"severity: Kind ns/name: field: message (Code)", for logs and command-line output.</summary>
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Object}: {Field}: {Message} ({Code})";
}
