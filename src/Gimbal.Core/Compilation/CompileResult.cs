using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation;

/// <summary>What one compile produced: routes, endpoints, and diagnostics sorted by object then field.</summary>
/// <param name="Routes">Hosts, routes and clusters, for every data plane.</param>
/// <param name="Endpoints">The endpoints of the clusters, kept apart because they change far more often.</param>
/// <param name="Diagnostics">Every problem found, sorted by object then field.</param>
public sealed record CompileResult(RouteTable Routes, EndpointTable Endpoints, EquatableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an <see cref="DiagnosticSeverity.Error"/> (something a user relies on was rejected).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
