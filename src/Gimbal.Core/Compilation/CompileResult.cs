using Gimbal.Core.Collections;
using Gimbal.Core.Diagnostics;
using Gimbal.Core.Routing;

namespace Gimbal.Core.Compilation;

/// <summary>What one compile produced: routes, endpoints, and diagnostics sorted by object then field.</summary>
public sealed record CompileResult(RouteTable Routes, EndpointTable Endpoints, EquatableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
