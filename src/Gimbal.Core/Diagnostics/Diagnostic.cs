namespace Gimbal.Core.Diagnostics;

/// <summary>kind/namespace/name of the object a route or diagnostic came from.</summary>
public sealed record ObjectRef(string Kind, string? Namespace, string Name)
{
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
public sealed record Diagnostic(ObjectRef Object, string Field, DiagnosticSeverity Severity, string Code, string Message)
{
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Object}: {Field}: {Message} ({Code})";
}
